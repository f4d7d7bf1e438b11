// Start-up sweep: re-enqueue work a crash, a queue outage or a job out of retries left undone
// (images without a thumbnail, images without any embedding). Handlers are idempotent, so
// enqueueing something already queued is harmless. Only the queues this worker consumes.
import { isNull, sql } from "drizzle-orm";
import { embeddings, images } from "@clickloop/db";
import { QUEUES } from "@clickloop/api/jobs";
import { collectOrphanMasks } from "@clickloop/api/services/storage-gc";
import type { JobHandlerMap, WorkerContext } from "./jobs/types";

export async function sweep(ctx: WorkerContext, handlers: JobHandlerMap): Promise<void> {
  if (handlers[QUEUES.thumbnail]) {
    const missing = await ctx.db.select({ id: images.id }).from(images).where(isNull(images.thumbnailKey));
    for (const { id } of missing) await ctx.jobs.send(QUEUES.thumbnail, { imageId: id });
    if (missing.length > 0) ctx.log(`re-enqueued ${missing.length} thumbnail job(s)`);
  }
  if (handlers[QUEUES.embed]) {
    const missing = await ctx.db
      .select({ id: images.id })
      .from(images)
      .where(sql`not exists (select 1 from ${embeddings} e where e.image_id = ${images.id})`);
    for (const { id } of missing) await ctx.jobs.send(QUEUES.embed, { imageId: id });
    if (missing.length > 0) ctx.log(`re-enqueued ${missing.length} embedding job(s)`);
  }
}

/** Collects unreferenced mask files now and then every `intervalMs`; returns a stop function. */
export function scheduleMaskCollection(ctx: WorkerContext, intervalMs: number): () => void {
  let running = false;
  const collect = () => {
    if (running) return;
    running = true;
    collectOrphanMasks(ctx)
      .then(
        ({ scanned, deleted }) => deleted > 0 && ctx.log(`collected ${deleted} of ${scanned} mask file(s) nothing references`),
        (error: unknown) => ctx.log(`mask collection failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        running = false;
      });
  };
  collect();
  const timer = setInterval(collect, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
