// Start-up sweep: re-enqueue work a crash, a queue outage or a job out of retries left undone
// (images without a thumbnail, images without any embedding). Handlers are idempotent, so
// enqueueing something already queued is harmless. Only the queues this worker consumes.
import { isNull, sql } from "drizzle-orm";
import { embeddings, images } from "@clickloop/db";
import { QUEUES } from "@clickloop/api/jobs";
import { runMaintenance } from "@clickloop/api";
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

/** Runs the housekeeping (services/maintenance.ts) now and then every `intervalMs`; returns a stop function. */
export function scheduleMaintenance(ctx: WorkerContext, intervalMs: number): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    runMaintenance(ctx)
      .then(
        (r) => {
          if (r.expiredSessions + r.throttleRows + r.maskFilesDeleted > 0) {
            ctx.log(`maintenance: ${r.expiredSessions} expired session(s), ${r.throttleRows} throttle row(s), ${r.maskFilesDeleted} of ${r.maskFilesScanned} mask file(s) removed`);
          }
        },
        (error: unknown) => ctx.log(`maintenance failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        running = false;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
