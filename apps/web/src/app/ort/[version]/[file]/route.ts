// Serves onnxruntime-web's ES modules and wasm binaries from node_modules (no CDN).
// The URL carries the package version, so the files are cached as immutable.
import { existsSync } from "node:fs";
import path from "node:path";
import { immutableResponse, openFile } from "@clickloop/api";
import { ORT_WEB_VERSION } from "@/lib/sam-browser/ort-version";
import { onnxruntimeWebDistDir } from "@/lib/sam-browser/server/package-files";

export const runtime = "nodejs";

const servedFile = /^ort[a-z.-]*\.(?:mjs|wasm)$/;

export async function GET(request: Request, context: { params: Promise<{ version: string; file: string }> }) {
  const { version, file } = await context.params;
  const dist = onnxruntimeWebDistDir();
  if (version !== ORT_WEB_VERSION || !servedFile.test(file) || !dist) return new Response("Not found", { status: 404 });
  const full = path.join(/* turbopackIgnore: true */ dist, file);
  if (!existsSync(/* turbopackIgnore: true */ full)) return new Response("Not found", { status: 404 });
  const contentType = file.endsWith(".wasm") ? "application/wasm" : "text/javascript; charset=utf-8";
  return immutableResponse(request, { etag: `ort-${version}-${file}`, contentType, open: openFile(full) });
}
