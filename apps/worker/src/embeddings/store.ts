// The one code path that produces and stores image embeddings: the `image.embed` job, the training
// round and the scoring job all go through `ensureEmbedding`, so every stored embedding has the same
// dtype, storage key, content type and row, whoever wrote it first.
import { and, eq, sql } from "drizzle-orm";
import { embeddings, images, type Db, type Image } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { decodeEmbedding, EMBEDDING_CONTENT_TYPE, embeddingDtypeSchema, encodeEmbedding, type EmbeddingDtype } from "@clickloop/sam";
import { storageKeys } from "@clickloop/api";
import type { EmbedderSource } from "../training/embedder";

/** Stored as float16: half the bytes of float32; decoder masks agree to IoU > 0.995 (sam tests). */
export const EMBEDDING_DTYPE: EmbeddingDtype = "float16";

/** The image was deleted while its embedding was computed: nothing was stored. */
export class ImageDeletedError extends Error {
  constructor(readonly imageId: string) {
    super(`image ${imageId} was deleted while its embedding was computed`);
  }
}

export interface StoredEmbedding {
  encoderId: string;
  shape: number[];
  /** Decoded float32 values (only when asked for with `load`). */
  data: Float32Array | null;
  /** True when this call ran the encoder (the image had no usable embedding). */
  computed: boolean;
}

/**
 * Returns the image's embedding for the embedder's encoder, computing and storing it when there is
 * no row or the row's file is gone. Storage first (atomic put under a content-addressed key), then
 * the row (upsert), so a row always points at a complete file.
 */
export async function ensureEmbedding(
  deps: { db: Db; storage: Storage },
  image: Image,
  embedder: EmbedderSource,
  options: { load?: boolean } = {},
): Promise<StoredEmbedding> {
  const encoderId = await embedder.encoderId();
  const [row] = await deps.db
    .select()
    .from(embeddings)
    .where(and(eq(embeddings.imageId, image.id), eq(embeddings.encoderId, encoderId)))
    .limit(1);
  if (row && (await deps.storage.head(row.storageKey))) {
    const data = options.load ? decodeEmbedding(await deps.storage.get(row.storageKey), row.shape, embeddingDtypeSchema.parse(row.dtype)) : null;
    return { encoderId, shape: row.shape, data, computed: false };
  }

  const computed = await embedder.embed(await deps.storage.get(image.storageKey));
  const bytes = encodeEmbedding(computed.data, EMBEDDING_DTYPE);
  const key = storageKeys.embedding(image.projectId, image.sha256, encoderId);
  await deps.storage.put(key, bytes, { contentType: EMBEDDING_CONTENT_TYPE });
  // Insert only while the image exists (image.delete locks its row first, so this waits for a
  // deletion in progress and then inserts nothing).
  const inserted = await deps.db.execute<{ id: string }>(sql`
    insert into ${embeddings} (image_id, encoder_id, storage_key, shape, dtype, byte_size)
    select ${image.id}, ${encoderId}, ${key}, ${`{${computed.shape.map((n) => Math.trunc(n)).join(",")}}`}::integer[], ${EMBEDDING_DTYPE}, ${bytes.byteLength}
    where exists (select 1 from ${images} where id = ${image.id} for key share)
    on conflict (image_id, encoder_id) do update
      set storage_key = excluded.storage_key, shape = excluded.shape, dtype = excluded.dtype, byte_size = excluded.byte_size
    returning id
  `);
  if (inserted.rows.length === 0) {
    await deps.storage.delete(key); // the image was deleted while we computed
    throw new ImageDeletedError(image.id);
  }
  // Decode what was stored (float16), so every reader sees the same values.
  const data = options.load ? decodeEmbedding(bytes, computed.shape, EMBEDDING_DTYPE) : null;
  return { encoderId, shape: computed.shape, data, computed: true };
}

/** `ensureEmbedding` with the values decoded (training rounds, scoring). */
export async function loadEmbedding(
  deps: { db: Db; storage: Storage },
  image: Image,
  embedder: EmbedderSource,
): Promise<{ data: Float32Array; shape: number[]; computed: boolean }> {
  const stored = await ensureEmbedding(deps, image, embedder, { load: true });
  if (!stored.data) throw new Error(`embedding of ${image.id} could not be loaded`);
  return { data: stored.data, shape: stored.shape, computed: stored.computed };
}
