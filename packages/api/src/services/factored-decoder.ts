// The factored decoder of a model (sam-tf's export-factored-decoder.ts): `image-side.onnx`, run once
// per image, and `decoder-factored.onnx`, run at every click, with the upscaling to the image size
// done by the browser. It is the same model as the version's `decoder.onnx`, computed with less
// arithmetic per click. Both files are written content-addressed, then a small pointer naming them
// with their SHA-256s, beside the model they were exported from:
//   base:     models/base/factored.json            (worker start-up; ignored when it names another sam.onnx)
//   versions: projects/<pid>/models/<decoderSha256>.factored.json (the training round)
// A model without a pointer simply has no factored variant: the browser runs its decoder.onnx.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { z } from "zod";
import { getStorage, StorageNotFoundError, type Storage } from "@clickloop/storage";

export const FACTORED_FILES = ["image-side.onnx", "decoder-factored.onnx"] as const;
export type FactoredFile = (typeof FACTORED_FILES)[number];

export const factoredKeys = {
  basePointer: "models/base/factored.json",
  base: (sha256: string, file: FactoredFile) => `models/base/${sha256}.${file}`,
  versionPointer: (projectId: string, decoderSha256: string) => `projects/${projectId}/models/${decoderSha256}.factored.json`,
  version: (projectId: string, sha256: string, file: FactoredFile) => `projects/${projectId}/models/${sha256}.${file}`,
};

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

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function putOnce(storage: Storage, key: string, bytes: Uint8Array, contentType: string): Promise<void> {
  const existing = await storage.head(key);
  if (existing?.size === bytes.byteLength) return; // content-addressed: same key, same bytes
  await storage.put(key, bytes, { contentType });
}

/** Files first, pointer last: a reader never sees a pointer to a missing file. Idempotent. */
async function writeFactored(
  storage: Storage,
  pointerKey: string,
  keyOf: (sha256: string, file: FactoredFile) => string,
  files: FactoredFiles,
  decoderSha256: string,
): Promise<FactoredPointer> {
  const imageSideSha = sha256(files.imageSide);
  const decoderSha = sha256(files.decoder);
  const pointer: FactoredPointer = {
    decoderSha256,
    imageSide: { key: keyOf(imageSideSha, "image-side.onnx"), sha256: imageSideSha },
    decoder: { key: keyOf(decoderSha, "decoder-factored.onnx"), sha256: decoderSha },
  };
  await putOnce(storage, pointer.imageSide.key, files.imageSide, "application/octet-stream");
  await putOnce(storage, pointer.decoder.key, files.decoder, "application/octet-stream");
  const current = await readPointer(storage, pointerKey);
  if (JSON.stringify(current) !== JSON.stringify(pointer)) {
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
    return null; // not written (older version, worker still starting) or unreadable: no factored variant
  }
}

/** The base pointer when it was exported from the current sam.onnx, else null. */
export async function readBaseFactored(storage: Storage, baseSha256: string): Promise<FactoredPointer | null> {
  const pointer = await readPointer(storage, factoredKeys.basePointer);
  return pointer?.decoderSha256 === baseSha256 ? pointer : null;
}

export async function readVersionFactored(storage: Storage, projectId: string, decoderSha256: string): Promise<FactoredPointer | null> {
  const pointer = await readPointer(storage, factoredKeys.versionPointer(projectId, decoderSha256));
  return pointer?.decoderSha256 === decoderSha256 ? pointer : null;
}

function notFound(): Response {
  return Response.json({ error: { code: "NOT_FOUND", message: "Not found." } }, { status: 404 });
}

/**
 * Streams one file of a factored pointer (access already checked by the caller); immutable,
 * ETag = its SHA-256, which is also sent as `X-Model-Sha256`.
 */
export async function factoredFileResponse(request: Request, storage: Storage, pointer: FactoredPointer | null, file: string, visibility: "public" | "private"): Promise<Response> {
  if (!pointer || !(FACTORED_FILES as readonly string[]).includes(file)) return notFound();
  const entry = file === "image-side.onnx" ? pointer.imageSide : pointer.decoder;
  const etag = `"${entry.sha256}"`;
  const headers = new Headers({
    ETag: etag,
    "Cache-Control": `${visibility}, max-age=31536000, immutable`,
    "Content-Type": "application/octet-stream",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Model-Sha256": entry.sha256,
  });
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  try {
    const info = await storage.head(entry.key);
    const stream = await storage.createReadStream(entry.key);
    if (info) headers.set("Content-Length", String(info.size));
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: 200, headers });
  } catch (error) {
    if (error instanceof StorageNotFoundError) return notFound();
    throw error;
  }
}

/** `GET /api/models/base/{image-side,decoder-factored}.onnx` (public, like the base decoder): 404 until the worker published them. */
export async function handleBaseFactoredArtifact(request: Request, file: string, baseSha256: string, options: { storage?: Storage } = {}): Promise<Response> {
  const storage = options.storage ?? getStorage();
  return factoredFileResponse(request, storage, await readBaseFactored(storage, baseSha256), file, "public");
}
