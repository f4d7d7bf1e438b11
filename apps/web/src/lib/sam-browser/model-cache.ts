// Model files are fetched once and kept in Cache Storage under their SHA-256, so a reload or a
// second tab starts from disk, and a file whose bytes do not match its published hash is refused.
const CACHE_NAME = "clickloop-models-v1";

export type ProgressListener = (loadedBytes: number, totalBytes: number | null) => void;

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export class ModelHashMismatchError extends Error {
  constructor(url: string, expected: string, actual: string) {
    super(`Model file ${url} has SHA-256 ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…`);
    this.name = "ModelHashMismatchError";
  }
}

function cacheKey(sha256: string): string {
  return `${location.origin}/__model-cache/${sha256}`;
}

async function openCache(): Promise<Cache | null> {
  // Cache Storage exists only in secure contexts (https or localhost).
  if (typeof caches === "undefined") return null;
  try {
    return await caches.open(CACHE_NAME);
  } catch {
    return null;
  }
}

async function readWithProgress(response: Response, onProgress?: ProgressListener): Promise<ArrayBuffer> {
  const total = Number(response.headers.get("Content-Length")) || null;
  if (!response.body || !onProgress) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

/**
 * Returns the bytes of a model file whose SHA-256 is known in advance: from Cache Storage when
 * present (re-verified), else downloaded, verified and stored. Throws on a hash mismatch.
 */
export async function fetchVerifiedModel(url: string, sha256: string, onProgress?: ProgressListener): Promise<ArrayBuffer> {
  const expected = sha256.toLowerCase();
  const cache = await openCache();
  const cached = await cache?.match(cacheKey(expected));
  if (cached) {
    const bytes = await cached.arrayBuffer();
    if ((await sha256Hex(bytes)) === expected) {
      onProgress?.(bytes.byteLength, bytes.byteLength);
      return bytes;
    }
    await cache?.delete(cacheKey(expected));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Model download failed: ${response.status} ${response.statusText} (${url})`);
  const bytes = await readWithProgress(response, onProgress);
  const actual = await sha256Hex(bytes);
  if (actual !== expected) throw new ModelHashMismatchError(url, expected, actual);
  await cache?.put(cacheKey(expected), new Response(bytes.slice(0), { headers: { "Content-Type": "application/octet-stream" } }));
  return bytes;
}
