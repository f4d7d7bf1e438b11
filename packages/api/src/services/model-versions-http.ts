// `GET /api/models/:versionId/{decoder,decoder-multimask,image-side,decoder-factored}.onnx` for trained versions: members of
// the version's project only (404 otherwise, so ids do not leak), immutable, ETag = SHA-256.
import { Readable } from "node:stream";
import { z } from "zod";
import { StorageNotFoundError } from "@clickloop/storage";
import { resolveApiDeps, type ApiDeps } from "../deps";
import { checkProjectAccess, loadSessionUser } from "../trpc";
import { FACTORED_FILES, factoredFileResponse, readVersionFactored } from "./factored-decoder";
import { findVersionById } from "./model-versions";

export const MODEL_ARTIFACT_FILES = ["decoder.onnx", "decoder-multimask.onnx", ...FACTORED_FILES] as const;

function notFound(): Response {
  return Response.json({ error: { code: "NOT_FOUND", message: "Not found." } }, { status: 404 });
}

export async function handleModelArtifact(
  request: Request,
  versionId: string,
  file: string,
  user: { id: string } | null,
  options: { deps?: Partial<ApiDeps> } = {},
): Promise<Response> {
  const deps = resolveApiDeps(options.deps);
  if (!z.uuid().safeParse(versionId).success || !(MODEL_ARTIFACT_FILES as readonly string[]).includes(file)) return notFound();
  const sessionUser = await loadSessionUser(deps.db, user?.id);
  if (!sessionUser) return Response.json({ error: { code: "UNAUTHORIZED", message: "Sign in first." } }, { status: 401 });
  const version = await findVersionById(deps.db, versionId);
  if (!version) return notFound();
  const access = await checkProjectAccess(deps.db, sessionUser, version.projectId, "annotator");
  if (!access.ok) return notFound();
  if ((FACTORED_FILES as readonly string[]).includes(file)) {
    return factoredFileResponse(request, deps.storage, await readVersionFactored(deps.storage, version.projectId, version.sha256), file, "private");
  }
  const key = file === "decoder.onnx" ? version.artifactKey : version.multimaskArtifactKey;
  if (!key) return notFound();

  const etag = `"${version.sha256}${file === "decoder.onnx" ? "" : "-multimask"}"`;
  const headers = new Headers({
    ETag: etag,
    "Cache-Control": "private, max-age=31536000, immutable",
    "Content-Type": "application/octet-stream",
    "X-Content-Type-Options": "nosniff",
    "X-Model-Sha256": version.sha256,
  });
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  try {
    const info = await deps.storage.head(key);
    const stream = await deps.storage.createReadStream(key);
    if (info) headers.set("Content-Length", String(info.size));
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: 200, headers });
  } catch (error) {
    if (error instanceof StorageNotFoundError) return notFound();
    throw error;
  }
}
