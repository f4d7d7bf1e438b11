import { isNull } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { images, type Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { parseJobPayload, PgBossJobQueue, QUEUE_NAMES, QUEUES, startBoss, type QueueName } from "@clickloop/api/jobs";
import { publishBaseMultimask } from "./models/base-multimask";
import { publishBaseFactored } from "./models/factored";
import { jobHandlers as defaultHandlers, type JobHandler, type JobHandlerMap, type WorkerContext } from "./jobs/index";

export interface StartWorkerOptions {
  db: Db;
  storage: Storage;
  databaseUrl: string;
  handlers?: JobHandlerMap;
  /** Seconds between polls when idle. */
  pollingIntervalSeconds?: number;
  log?: (message: string) => void;
  /** Export the base multimask decoder into storage at start-up (workspace candidate picker); default true. */
  publishBaseMultimask?: boolean;
}

export interface RunningWorker {
  boss: PgBoss;
  queues: QueueName[];
  stop(): Promise<void>;
}

/** Re-enqueue work a crash or queue outage may have dropped (idempotent handlers make this safe). */
async function sweep(ctx: WorkerContext, handlers: JobHandlerMap): Promise<void> {
  if (!handlers[QUEUES.thumbnail]) return;
  const missing = await ctx.db.select({ id: images.id }).from(images).where(isNull(images.thumbnailKey));
  for (const { id } of missing) await ctx.jobs.send(QUEUES.thumbnail, { imageId: id });
  if (missing.length > 0) ctx.log(`re-enqueued ${missing.length} thumbnail job(s)`);
}

/** Starts pg-boss and consumes every queue that has a handler. Usable in-process (start.ts, tests). */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const handlers = options.handlers ?? defaultHandlers;
  const log = options.log ?? ((message: string) => console.log(`[worker] ${message}`));
  const boss = await startBoss(options.databaseUrl);
  const ctx: WorkerContext = { db: options.db, storage: options.storage, jobs: new PgBossJobQueue(boss), log };
  const queues = QUEUE_NAMES.filter((name) => handlers[name]);

  for (const name of queues) {
    const handler = handlers[name] as JobHandler<typeof name>;
    await boss.work(name, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async (jobs) => {
      for (const job of jobs) {
        try {
          await handler(parseJobPayload(name, job.data), ctx);
        } catch (error) {
          log(`${name} ${job.id} failed: ${(error as Error).message}`);
          throw error; // let pg-boss retry
        }
      }
    });
  }
  await sweep(ctx, handlers);
  log(`consuming ${queues.join(", ") || "nothing"}`);
  if (options.publishBaseMultimask ?? true) {
    // In the background: until they are there the workspace runs sam.onnx, single-mask only. The
    // factored decoder first, so that a client seeing the multimask file sees the fast path too.
    publishBaseFactored(ctx.storage)
      .then(
        (pointer) => log(`base factored decoder ${pointer.decoder.sha256.slice(0, 12)}… published`),
        (error: unknown) => log(`base factored decoder not published: ${error instanceof Error ? error.message : String(error)}`),
      )
      .then(() => publishBaseMultimask(ctx.storage))
      .then(
        (pointer) => log(`base multimask decoder ${pointer.sha256.slice(0, 12)}… published`),
        (error: unknown) => log(`base multimask decoder not published: ${error instanceof Error ? error.message : String(error)}`),
      );
  }

  return {
    boss,
    queues,
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
