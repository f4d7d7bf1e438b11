// Which model a project's workspace runs, as `model.deployed` announces it: the deployed model
// version (a decoder exported by a training round), else the base MobileSAM decoder. The image
// encoder is always the base one. Hashes come from the same places `serve.ts` reads the bytes from.
import { z } from "zod";
import type { Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { getDeployedVersion } from "../services/model-versions";
import { baseModelFiles, readBaseMultimask } from "./base-model";
import { readBaseFactored, readVersionFactored, type FactoredPointer } from "./factored";
import { modelFileUrl, type ModelId } from "./identity";
import { sha256Hex } from "./publish";

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
    hash = storage.get(key).then(sha256Hex);
    hash.catch(() => storedHashes.delete(key));
    storedHashes.set(key, hash);
  }
  return hash;
}

function factoredInfo(modelId: ModelId, pointer: FactoredPointer | null): DeployedModelInfo["factored"] {
  return (
    pointer && {
      imageSide: { url: modelFileUrl(modelId, "image-side.onnx"), sha256: pointer.imageSide.sha256 },
      decoder: { url: modelFileUrl(modelId, "decoder-factored.onnx"), sha256: pointer.decoder.sha256 },
    }
  );
}

export async function baseModelInfo(storage: Storage): Promise<DeployedModelInfo> {
  const files = await baseModelFiles();
  // Exported by the worker at start-up; until then (or if that failed) single-mask only.
  const [multimask, factored] = await Promise.all([readBaseMultimask(storage, files.decoder.sha256), readBaseFactored(storage, files.decoder.sha256)]);
  return deployedModelSchema.parse({
    id: "base",
    label: "MobileSAM base",
    sha256: files.decoder.sha256,
    decoderUrl: modelFileUrl("base", "decoder.onnx"),
    multimask: multimask && { url: modelFileUrl("base", "decoder-multimask.onnx"), sha256: multimask.sha256 },
    factored: factoredInfo("base", factored),
    encoder: { url: modelFileUrl("base", "encoder.onnx"), sha256: files.encoder.sha256 },
    fallback: null,
  });
}

function baseWithoutFallback({ fallback: _none, ...model }: DeployedModelInfo): Omit<DeployedModelInfo, "fallback"> {
  return model;
}

export async function deployedModelInfo(db: Db, storage: Storage, projectId: string): Promise<DeployedModelInfo> {
  const base = await baseModelInfo(storage);
  const version = await getDeployedVersion(db, projectId);
  if (!version) return base;
  let multimask: DeployedModelInfo["multimask"] = null;
  if (version.multimaskArtifactKey) {
    // A missing or unreadable multimask file only costs the candidate picker.
    // Stored since the multimask_sha256 column exists; older rows are hashed from storage.
    const sha256 = version.multimaskSha256 ?? (await storedSha256(storage, version.multimaskArtifactKey).catch(() => null));
    if (sha256) multimask = { url: modelFileUrl(version.id, "decoder-multimask.onnx"), sha256 };
  }
  return deployedModelSchema.parse({
    id: version.id,
    label: `Version ${version.number}`,
    sha256: version.sha256,
    decoderUrl: modelFileUrl(version.id, "decoder.onnx"),
    multimask,
    factored: factoredInfo(version.id, await readVersionFactored(storage, version.projectId, version.sha256)),
    encoder: base.encoder,
    fallback: baseWithoutFallback(base),
  });
}
