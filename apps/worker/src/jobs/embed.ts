import { eq } from "drizzle-orm";
import { images } from "@clickloop/db";
import { enqueueScoring } from "@clickloop/api";
import { ensureEmbedding, ImageDeletedError } from "../embeddings/store";
import { defaultEmbedder } from "../training/embedder";
import type { JobHandler } from "./types";

export { EMBEDDING_DTYPE } from "../embeddings/store";

/** One encoder session per worker process, created on first use (optional `EMBED_THREADS`). */
const embedder = defaultEmbedder({ threads: Number(process.env.EMBED_THREADS) || undefined });

/**
 * `image.embed {imageId}`: MobileSAM image embedding with onnxruntime-node, stored by
 * `ensureEmbedding` (the path the training round and scoring use too). Idempotent: an existing row
 * whose file is present is left alone; a deleted image is a no-op, even one deleted while the job
 * runs (the file it wrote is removed). Failures throw, so pg-boss
 * retries. A newly embedded image is scored for the queue (`al.score`, one queued job per project).
 */
export const embedImage: JobHandler<"image.embed"> = async ({ imageId }, ctx) => {
  const [image] = await ctx.db.select().from(images).where(eq(images.id, imageId)).limit(1);
  if (!image) return;
  const started = performance.now();
  let stored;
  try {
    stored = await ensureEmbedding(ctx, image, embedder);
  } catch (error) {
    if (error instanceof ImageDeletedError) return; // deleted while we computed: nothing kept
    throw error;
  }
  if (!stored.computed) return;
  ctx.log(`embedding ${image.id} (${stored.encoderId}, ${Math.round(performance.now() - started)} ms)`);
  await enqueueScoring(ctx.jobs, image.projectId);
};
