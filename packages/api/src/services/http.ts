import { Readable } from "node:stream";
import { checkProjectAccess, loadSessionUser } from "../access";
import { resolveApiDeps, type ApiDeps } from "../deps";
import { DEFAULT_INGEST_LIMITS, ingestImage, type IngestLimits } from "./ingest";
import { DomainError, domainErrorResponse, errorResponse } from "../errors";
import { openImageFile, type ImageFileKind } from "./files";

// Thin Request → Response adapters so the Next route handlers stay one-liners.


/**
 * `POST /api/projects/:projectId/images` (multipart, field `file`). Lead or above.
 * 201 {image} | 200 {image, duplicate: true} | 4xx {error: {code, message}}.
 */
export async function handleImageUpload(
  request: Request,
  projectId: string,
  user: { id: string } | null,
  options: { deps?: Partial<ApiDeps>; limits?: IngestLimits } = {},
): Promise<Response> {
  const deps = resolveApiDeps(options.deps);
  const limits = options.limits ?? DEFAULT_INGEST_LIMITS;
  const sessionUser = await loadSessionUser(deps.db, user?.id);
  const access = await checkProjectAccess(deps.db, sessionUser, projectId, "lead");
  if (!access.ok) {
    const status = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404 }[access.code];
    return errorResponse(status, access.code, access.code === "FORBIDDEN" ? "Uploading requires the lead role." : "Not found.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limits.maxBytes + 64 * 1024) {
    return errorResponse(413, "FILE_TOO_LARGE", `The file is larger than the ${limits.maxBytes}-byte limit.`);
  }
  let file: FormDataEntryValue | null;
  try {
    file = (await request.formData()).get("file");
  } catch {
    return errorResponse(400, "BAD_REQUEST", "Expected multipart/form-data with a `file` field.");
  }
  if (!file || typeof file === "string") return errorResponse(400, "BAD_REQUEST", "Missing `file` field.");
  try {
    const result = await ingestImage(
      deps,
      {
        projectId: access.access.project.id,
        uploadedBy: sessionUser?.id ?? null,
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      },
      limits,
    );
    const image = {
      id: result.image.id,
      name: result.image.originalName,
      width: result.image.width,
      height: result.image.height,
      status: result.image.status,
      sha256: result.image.sha256,
      createdAt: result.image.createdAt.toISOString(),
    };
    return result.duplicate ? Response.json({ image, duplicate: true }, { status: 200 }) : Response.json({ image }, { status: 201 });
  } catch (error) {
    if (error instanceof DomainError) return domainErrorResponse(error);
    throw error;
  }
}

/** `GET /api/images/:imageId/{file,thumbnail,embedding}` with immutable caching and ETag revalidation. */
export async function handleImageFile(
  request: Request,
  imageId: string,
  kind: ImageFileKind,
  user: { id: string } | null,
  options: { deps?: Partial<ApiDeps> } = {},
): Promise<Response> {
  const deps = resolveApiDeps(options.deps);
  const encoderId = new URL(request.url).searchParams.get("encoder") ?? undefined;
  try {
    const file = await openImageFile(deps, user, imageId, kind, { encoderId });
    const etag = `"${file.etag}"`;
    const headers = new Headers({
      ETag: etag,
      "Cache-Control": "private, max-age=31536000, immutable",
      "Content-Type": file.contentType,
      "X-Content-Type-Options": "nosniff",
      ...file.headers,
    });
    if (request.headers.get("if-none-match") === etag) {
      file.stream.destroy();
      return new Response(null, { status: 304, headers });
    }
    if (file.size !== null) headers.set("Content-Length", String(file.size));
    return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, { status: 200, headers });
  } catch (error) {
    if (error instanceof DomainError) return domainErrorResponse(error);
    throw error;
  }
}
