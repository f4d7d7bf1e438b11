import type { Readable } from "node:stream";
import { desc, eq } from "drizzle-orm";
import { embeddings, images, type Db } from "@clickloop/db";
import { EMBEDDING_DTYPE_HEADER, EMBEDDING_ENCODER_HEADER, EMBEDDING_SHAPE_HEADER } from "@clickloop/sam";
import { StorageNotFoundError, type Storage } from "@clickloop/storage";
import { getProjectAccess, loadSessionUser } from "../access";
import { DomainError } from "../errors";

export type ImageFileKind = "file" | "thumbnail" | "embedding";


export interface OpenedFile {
  stream: Readable;
  contentType: string;
  size: number | null;
  /** Strong validator; the content never changes for a given URL + etag. */
  etag: string;
  fileName: string;
  /** Extra response headers (embedding shape/dtype/encoder). */
  headers: Record<string, string>;
}

/**
 * Opens an image's original, thumbnail or embedding for a user. Same membership rule as tRPC
 * (getProjectAccess); non-members and missing files both get 404.
 */
export async function openImageFile(
  deps: { db: Db; storage: Storage },
  user: { id: string } | null,
  imageId: string,
  kind: ImageFileKind,
  options: { encoderId?: string } = {},
): Promise<OpenedFile> {
  const sessionUser = await loadSessionUser(deps.db, user?.id);
  if (!sessionUser) throw new DomainError("UNAUTHORIZED", "Sign in first.");
  const notFound = new DomainError("NOT_FOUND", "Not found.");
  if (!/^[0-9a-f-]{36}$/i.test(imageId)) throw notFound;
  const [image] = await deps.db.select().from(images).where(eq(images.id, imageId)).limit(1);
  if (!image || !(await getProjectAccess(deps.db, sessionUser, image.projectId))) throw notFound;

  let key: string | null;
  let contentType: string;
  let etag = image.sha256;
  let fileName = image.originalName;
  const headers: Record<string, string> = {};
  if (kind === "file") {
    key = image.storageKey;
    contentType = image.mime;
  } else if (kind === "thumbnail") {
    key = image.thumbnailKey;
    contentType = "image/webp";
    fileName = `${image.sha256}.webp`;
  } else {
    const [embedding] = await deps.db
      .select()
      .from(embeddings)
      .where(eq(embeddings.imageId, image.id))
      .orderBy(desc(embeddings.createdAt))
      .then((rows) => rows.filter((r) => !options.encoderId || r.encoderId === options.encoderId));
    key = embedding?.storageKey ?? null;
    contentType = "application/octet-stream";
    fileName = `${image.sha256}.bin`;
    if (embedding) {
      etag = `${image.sha256}-${embedding.encoderId}`;
      headers[EMBEDDING_SHAPE_HEADER] = embedding.shape.join(",");
      headers[EMBEDDING_DTYPE_HEADER] = embedding.dtype;
      headers[EMBEDDING_ENCODER_HEADER] = embedding.encoderId;
    }
  }
  if (!key) throw notFound;
  try {
    const info = await deps.storage.head(key);
    const stream = await deps.storage.createReadStream(key);
    return { stream, contentType, size: info?.size ?? null, etag, fileName, headers };
  } catch (error) {
    if (error instanceof StorageNotFoundError) throw notFound;
    throw error;
  }
}
