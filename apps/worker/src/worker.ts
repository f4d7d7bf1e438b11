import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { scoringRuns, type Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { parseJobPayload, PgBossJobQueue, QUEUE_NAMES, QUEUES, startBoss, type QueueName } from "@clickloop/api/jobs";
import { enqueueScoring } from "@clickloop/api";
import { scheduleMaintenance, sweep } from "./sweep";
import { publishBaseMultimask } from "./models/base-multimask";
import { publishBaseFactored } from "./models/factored";
import { jobHandlers as defaultHandlers, type JobHandler, type JobHandlerMap, type WorkerContext } from "./jobs/index";

export interface StartWorkerOptions {
  db: Db;
  storage: Storage;
  databaseUrl: string;
  handlers?: JobHandlerMap;
  /** Queues this worker consumes (those with a handler); default all. See SHORT_QUEUES / LONG_QUEUES. */
  queues?: readonly QueueName[];
  /** Seconds between polls when idle. */
  pollingIntervalSeconds?: number;
  log?: (message: string) => void;
  /** Export the base multimask decoder into storage at start-up (workspace candidate picker); default true. */
  publishBaseMultimask?: boolean;
  /** How often expired sessions, stale throttle rows and unreferenced mask files are purged; default hourly. */
  maintenanceIntervalMs?: number;
}

export interface RunningWorker {
  boss: PgBoss;
  queues: QueueName[];
  stop(): Promise<void>;
}

/** Starts pg-boss and consumes every queue that has a handler. Usable in-process (start.ts, tests). */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const handlers = options.handlers ?? defaultHandlers;
  const log = options.log ?? ((message: string) => console.log(`[worker] ${message}`));
  const boss = await startBoss(options.databaseUrl);
  const ctx: WorkerContext = { db: options.db, storage: options.storage, jobs: new PgBossJobQueue(boss), log };
  const wanted = new Set(options.queues ?? QUEUE_NAMES);
  const queues = QUEUE_NAMES.filter((name) => handlers[name] && wanted.has(name));
  const consumed: JobHandlerMap = Object.fromEntries(queues.map((name) => [name, handlers[name]]));

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
  await sweep(ctx, consumed);
  if (consumed[QUEUES.alScore]) {
    // A scoring generation left half-written by a dead worker resumes.
    const running = await ctx.db.select({ projectId: scoringRuns.projectId }).from(scoringRuns).where(eq(scoringRuns.status, "running"));
    for (const { projectId } of running) await enqueueScoring(ctx.jobs, projectId);
  }
  // Housekeeping once per deployment: in the process that takes the short queues.
  const stopMaintenance = consumed[QUEUES.thumbnail]
    ? scheduleMaintenance(ctx, options.maintenanceIntervalMs ?? 60 * 60_000)
    : () => {};
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
    stop: async () => {
      stopMaintenance();
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
