// Writing model files: content-addressed and put once, always BEFORE any row or pointer names
// them, so a crash leaves at most an unreferenced file, never a reference to a half-written one.
import { createHash } from "node:crypto";
import type { Storage } from "@clickloop/storage";
import { modelStorageKeys } from "./identity";

export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** Writes `bytes` under a content-addressed key unless that key already holds them. */
export async function putOnce(storage: Storage, key: string, bytes: Uint8Array): Promise<void> {
  const existing = await storage.head(key);
  if (existing?.size === bytes.byteLength) return; // content-addressed: same key, same bytes
  await storage.put(key, bytes, { contentType: "application/octet-stream" });
}

/** Where a trained version's files went; the `model_versions` row stores exactly these. */
export interface ModelArtifacts {
  sha256: string;
  artifactKey: string;
  multimaskArtifactKey: string;
  multimaskSha256: string;
  weightsKey: string;
}

/** Stores a trained version's decoders and weights; the caller inserts the row afterwards. */
export async function writeModelArtifacts(
  storage: Storage,
  projectId: string,
  files: { decoder: Uint8Array; multimaskDecoder: Uint8Array; weights: Uint8Array },
): Promise<ModelArtifacts> {
  const decoderSha = sha256Hex(files.decoder);
  const keys = {
    sha256: decoderSha,
    artifactKey: modelStorageKeys.decoder(projectId, decoderSha),
    multimaskArtifactKey: modelStorageKeys.multimaskDecoder(projectId, decoderSha),
    multimaskSha256: sha256Hex(files.multimaskDecoder),
    weightsKey: modelStorageKeys.weights(projectId, sha256Hex(files.weights)),
  };
  await putOnce(storage, keys.weightsKey, files.weights);
  await putOnce(storage, keys.multimaskArtifactKey, files.multimaskDecoder);
  await putOnce(storage, keys.artifactKey, files.decoder);
  return keys;
}
