// The factored decoder of a model (sam-tf's export-factored-decoder.ts): `image-side.onnx`, run once
// per image, and `decoder-factored.onnx`, run at every click, with the upscaling to the image size
// done by the browser. It is the same model as the version's `decoder.onnx`, computed with less
// arithmetic per click. Both files are written content-addressed, then a small pointer naming them
// with their SHA-256s, beside the model they were exported from (keys: identity.ts `factoredKeys`):
//   base:     models/base/factored.json (worker start-up; ignored when it names another sam.onnx)
//   versions: projects/<pid>/models/<decoderSha256>.factored.json (the training round)
// A model without a pointer has no factored form: the browser runs its decoder.onnx.
import { z } from "zod";
import type { Storage } from "@clickloop/storage";
import { factoredKeys, type FactoredFile } from "./identity";
import { putOnce, sha256Hex } from "./publish";

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const fileSchema = z.object({ key: z.string().min(1), sha256: sha256Schema });
const pointerSchema = z.object({
  /** SHA-256 of the single-mask decoder these files are a form of (sam.onnx for the base). */
  decoderSha256: sha256Schema,
  imageSide: fileSchema,
  decoder: fileSchema,
});
export type FactoredPointer = z.infer<typeof pointerSchema>;

export interface FactoredFiles {
  imageSide: Uint8Array;
  decoder: Uint8Array;
}

/** Files first, pointer last: a reader never sees a pointer to a missing file. Idempotent. */
async function writeFactored(
  storage: Storage,
  pointerKey: string,
  keyOf: (sha256: string, file: FactoredFile) => string,
  files: FactoredFiles,
  decoderSha256: string,
): Promise<FactoredPointer> {
  const imageSideSha = sha256Hex(files.imageSide);
  const decoderSha = sha256Hex(files.decoder);
  const pointer: FactoredPointer = {
    decoderSha256,
    imageSide: { key: keyOf(imageSideSha, "image-side.onnx"), sha256: imageSideSha },
    decoder: { key: keyOf(decoderSha, "decoder-factored.onnx"), sha256: decoderSha },
  };
  await putOnce(storage, pointer.imageSide.key, files.imageSide);
  await putOnce(storage, pointer.decoder.key, files.decoder);
  if (JSON.stringify(await readPointer(storage, pointerKey)) !== JSON.stringify(pointer)) {
    await storage.put(pointerKey, new TextEncoder().encode(JSON.stringify(pointer)), { contentType: "application/json" });
  }
  return pointer;
}

export function writeBaseFactored(storage: Storage, files: FactoredFiles, baseSha256: string): Promise<FactoredPointer> {
  return writeFactored(storage, factoredKeys.basePointer, factoredKeys.base, files, baseSha256);
}

/** Written by the training round before the version's row exists (like its other artifacts). */
export function writeVersionFactored(storage: Storage, projectId: string, files: FactoredFiles, decoderSha256: string): Promise<FactoredPointer> {
  return writeFactored(storage, factoredKeys.versionPointer(projectId, decoderSha256), (sha, file) => factoredKeys.version(projectId, sha, file), files, decoderSha256);
}

async function readPointer(storage: Storage, key: string): Promise<FactoredPointer | null> {
  try {
    const parsed = pointerSchema.safeParse(JSON.parse((await storage.get(key)).toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // not written (older version, worker still starting) or unreadable: no factored form
  }
}

/** The base pointer when it was exported from the given sam.onnx, else null. */
export async function readBaseFactored(storage: Storage, baseSha256: string): Promise<FactoredPointer | null> {
  const pointer = await readPointer(storage, factoredKeys.basePointer);
  return pointer?.decoderSha256 === baseSha256 ? pointer : null;
}

export async function readVersionFactored(storage: Storage, projectId: string, decoderSha256: string): Promise<FactoredPointer | null> {
  const pointer = await readPointer(storage, factoredKeys.versionPointer(projectId, decoderSha256));
  return pointer?.decoderSha256 === decoderSha256 ? pointer : null;
}

/** The pointer's entry for a factored file name. */
export function factoredEntry(pointer: FactoredPointer, file: FactoredFile): { key: string; sha256: string } {
  return file === "image-side.onnx" ? pointer.imageSide : pointer.decoder;
}
