import { and, eq } from "drizzle-orm";
import { embeddings, images } from "@clickloop/db";
import { storageKeys } from "@clickloop/api";
import { EMBEDDING_CONTENT_TYPE, encodeEmbedding, type EmbeddingDtype } from "@clickloop/sam";
import { createImageEmbedder, type ImageEmbedder } from "@clickloop/sam/node";
import type { JobHandler } from "./types";

/** Stored as float16: half the bytes of float32; decoder masks agree to IoU > 0.995 (sam tests). */
export const EMBEDDING_DTYPE: EmbeddingDtype = "float16";

let embedder: Promise<ImageEmbedder> | null = null;

/** One encoder session per worker process, created on first use (optional `EMBED_THREADS`). */
function getEmbedder(): Promise<ImageEmbedder> {
  if (!embedder) {
    const threads = Number(process.env.EMBED_THREADS) || undefined;
    embedder = createImageEmbedder(threads ? { threads } : {});
    embedder.catch(() => {
      embedder = null; // let the next attempt (pg-boss retry) try again
    });
  }
  return embedder;
}

/**
 * `image.embed {imageId}`: MobileSAM image embedding with onnxruntime-node, stored through Storage
 * (atomic put) and recorded in `embeddings` (one row per image and encoder). Idempotent: an existing
 * row whose file is present is left alone; a deleted image is a no-op. Failures throw, so pg-boss
 * retries.
 */
export const embedImage: JobHandler<"image.embed"> = async ({ imageId }, ctx) => {
  const [image] = await ctx.db.select().from(images).where(eq(images.id, imageId)).limit(1);
  if (!image) return;
  const model = await getEmbedder();
  const [existing] = await ctx.db
    .select()
    .from(embeddings)
    .where(and(eq(embeddings.imageId, image.id), eq(embeddings.encoderId, model.encoderId)))
    .limit(1);
  if (existing && (await ctx.storage.head(existing.storageKey))) return;

  const started = performance.now();
  const computed = await model.embedImage(await ctx.storage.get(image.storageKey));
  const bytes = encodeEmbedding(computed.data, EMBEDDING_DTYPE);
  const key = storageKeys.embedding(image.projectId, image.sha256, model.encoderId);
  await ctx.storage.put(key, bytes, { contentType: EMBEDDING_CONTENT_TYPE });
  const row = { storageKey: key, shape: computed.shape, dtype: EMBEDDING_DTYPE, byteSize: bytes.byteLength };
  await ctx.db
    .insert(embeddings)
    .values({ imageId: image.id, encoderId: model.encoderId, ...row })
    .onConflictDoUpdate({ target: [embeddings.imageId, embeddings.encoderId], set: row });
  ctx.log(`embedding ${image.id} (${model.encoderId}, ${Math.round(performance.now() - started)} ms)`);
};
