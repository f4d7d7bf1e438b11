import type { Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import type { JobPayload, JobQueue, QueueName } from "@clickloop/api/jobs";

/** What every job handler gets besides its payload. */
export interface WorkerContext {
  db: Db;
  storage: Storage;
  /** For handlers that enqueue follow-up work. */
  jobs: JobQueue;
  log: (message: string) => void;
}

export type JobHandler<Q extends QueueName> = (payload: JobPayload<Q>, ctx: WorkerContext) => Promise<void>;

/** Handlers by queue; a queue without a handler is simply not consumed by this worker. */
export type JobHandlerMap = { [Q in QueueName]?: JobHandler<Q> };
