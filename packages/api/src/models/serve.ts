// `GET /api/models/:modelId/:file`: a model's bytes under an immutable URL, with their SHA-256 as
// ETag, found the same way `deployed.ts` found the hash it announced. The base model is public;
// a trained version is served to members of its project only (404 otherwise, so ids do not leak).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { Readable as NodeReadable } from "node:stream";
import { z } from "zod";
import { getStorage, StorageNotFoundError, type Storage } from "@clickloop/storage";
import { resolveApiDeps, type ApiDeps } from "../deps";
import { errorResponse } from "../errors";
import { findVersionById } from "../services/model-versions";
import { checkProjectAccess, loadSessionUser } from "../access";
import { baseModelFiles, readBaseMultimask } from "./base-model";
import { factoredEntry, readBaseFactored, readVersionFactored, type FactoredPointer } from "./factored";
import { isFactoredFile, isModelFile, type FactoredFile, type ModelFile } from "./identity";

export interface ImmutableBody {
  stream: Readable;
  size: number | null;
}

export interface ImmutableResponseOptions {
  /** Unquoted entity tag: a hash or a version, never reused for other bytes. */
  etag: string;
  /** `private` for files only some signed-in users may read. */
  cache?: "public" | "private";
  contentType?: string;
  headers?: Record<string, string>;
  /** Opened only when the client's cached copy is not current. */
  open(): Promise<ImmutableBody>;
}

/** A response for bytes that never change under their URL (the URL carries a version or a hash). */
export async function immutableResponse(request: Request, options: ImmutableResponseOptions): Promise<Response> {
  const etag = `"${options.etag}"`;
  const headers = new Headers({
    ETag: etag,
    "Cache-Control": `${options.cache ?? "public"}, max-age=31536000, immutable`,
    "Content-Type": options.contentType ?? "application/octet-stream",
    "X-Content-Type-Options": "nosniff",
    // Served same-origin to a cross-origin-isolated page (COEP require-corp).
    "Cross-Origin-Resource-Policy": "same-origin",
    ...options.headers,
  });
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  const body = await options.open();
  if (body.size !== null) headers.set("Content-Length", String(body.size));
  return new Response(NodeReadable.toWeb(body.stream) as ReadableStream<Uint8Array>, { status: 200, headers });
}

/** Opens a file on disk (a path found at run time, not part of the build). */
export function openFile(filePath: string): () => Promise<ImmutableBody> {
  return async () => ({
    size: (await stat(/* turbopackIgnore: true */ filePath)).size,
    stream: createReadStream(/* turbopackIgnore: true */ filePath),
  });
}

function openStored(storage: Storage, key: string): () => Promise<ImmutableBody> {
  return async () => {
    const info = await storage.head(key);
    return { size: info?.size ?? null, stream: await storage.createReadStream(key) };
  };
}

const notFound = (): Response => errorResponse(404, "NOT_FOUND", "Not found.");

/** Storage files can vanish under a row (manual clean-up): that is a 404, not a 500. */
async function orNotFound(response: Promise<Response>): Promise<Response> {
  try {
    return await response;
  } catch (error) {
    if (error instanceof StorageNotFoundError) return notFound();
    throw error;
  }
}

/** A file of a factored pointer (null: not published), ETag = its SHA-256, also sent as `X-Model-Sha256`. */
function serveFactored(request: Request, storage: Storage, pointer: FactoredPointer | null, file: FactoredFile, cache: "public" | "private"): Promise<Response> {
  if (!pointer) return Promise.resolve(notFound());
  const entry = factoredEntry(pointer, file);
  return orNotFound(immutableResponse(request, { etag: entry.sha256, cache, headers: { "X-Model-Sha256": entry.sha256 }, open: openStored(storage, entry.key) }));
}

async function serveBase(request: Request, file: ModelFile, storage: Storage): Promise<Response> {
  const files = await baseModelFiles();
  // exported by the worker at start-up, valid only for the sam.onnx it came from
  if (isFactoredFile(file)) return serveFactored(request, storage, await readBaseFactored(storage, files.decoder.sha256), file, "public");
  if (file === "decoder-multimask.onnx") {
    const pointer = await readBaseMultimask(storage, files.decoder.sha256);
    if (!pointer) return notFound(); // the worker has not published it yet
    return orNotFound(immutableResponse(request, { etag: pointer.sha256, open: openStored(storage, pointer.key) }));
  }
  const { path, sha256 } = file === "decoder.onnx" ? files.decoder : files.encoder;
  return immutableResponse(request, { etag: sha256, open: openFile(path) });
}

/** Who is asking; called only for trained versions (the base model is public). */
export type UserLookup = () => Promise<{ id: string } | null>;

async function serveVersion(request: Request, versionId: string, file: ModelFile, lookupUser: UserLookup, deps: ApiDeps): Promise<Response> {
  if (!z.uuid().safeParse(versionId).success || file === "encoder.onnx") return notFound();
  const sessionUser = await loadSessionUser(deps.db, (await lookupUser())?.id);
  if (!sessionUser) return errorResponse(401, "UNAUTHORIZED", "Sign in first.");
  const version = await findVersionById(deps.db, versionId);
  if (!version) return notFound();
  const access = await checkProjectAccess(deps.db, sessionUser, version.projectId, "annotator");
  if (!access.ok) return notFound();
  if (isFactoredFile(file)) return serveFactored(request, deps.storage, await readVersionFactored(deps.storage, version.projectId, version.sha256), file, "private");
  const key = file === "decoder.onnx" ? version.artifactKey : version.multimaskArtifactKey;
  if (!key) return notFound();
  return orNotFound(
    immutableResponse(request, {
      etag: file === "decoder.onnx" ? version.sha256 : `${version.sha256}-multimask`,
      cache: "private",
      headers: { "X-Model-Sha256": version.sha256 },
      open: openStored(deps.storage, key),
    }),
  );
}

/** The whole models route: `modelId` is `base` or a version id, `file` one of `MODEL_FILES`. */
export async function handleModelFile(
  request: Request,
  modelId: string,
  file: string,
  lookupUser: UserLookup,
  options: { deps?: Partial<ApiDeps> } = {},
): Promise<Response> {
  if (!isModelFile(file)) return notFound();
  if (modelId === "base") return serveBase(request, file, options.deps?.storage ?? getStorage());
  return serveVersion(request, modelId, file, lookupUser, resolveApiDeps(options.deps));
}
