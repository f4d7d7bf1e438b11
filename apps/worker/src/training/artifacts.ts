// Model files go to storage BEFORE any row points at them, under keys derived from their bytes:
// a crash leaves at most an unreferenced file, never a row pointing at a half-written one.
import { createHash } from "node:crypto";
import type { Storage } from "@clickloop/storage";
import { modelStorageKeys } from "@clickloop/api";

export interface ModelArtifacts {
  sha256: string;
  artifactKey: string;
  multimaskArtifactKey: string;
  multimaskSha256: string;
  weightsKey: string;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function putOnce(storage: Storage, key: string, bytes: Uint8Array): Promise<void> {
  const existing = await storage.head(key);
  if (existing?.size === bytes.byteLength) return; // content-addressed: same key, same bytes
  await storage.put(key, bytes, { contentType: "application/octet-stream" });
}

export async function writeModelArtifacts(
  storage: Storage,
  projectId: string,
  files: { decoder: Uint8Array; multimaskDecoder: Uint8Array; weights: Uint8Array },
): Promise<ModelArtifacts> {
  const decoderSha = sha256(files.decoder);
  const keys = {
    sha256: decoderSha,
    artifactKey: modelStorageKeys.decoder(projectId, decoderSha),
    multimaskArtifactKey: modelStorageKeys.multimaskDecoder(projectId, decoderSha),
    multimaskSha256: sha256(files.multimaskDecoder),
    weightsKey: modelStorageKeys.weights(projectId, sha256(files.weights)),
  };
  await putOnce(storage, keys.weightsKey, files.weights);
  await putOnce(storage, keys.multimaskArtifactKey, files.multimaskDecoder);
  await putOnce(storage, keys.artifactKey, files.decoder);
  return keys;
}
