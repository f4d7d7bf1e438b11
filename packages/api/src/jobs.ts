import { PgBoss, type SendOptions } from "pg-boss";
import { z } from "zod";

/** Queue names (pg-boss allows [\w.-/]). */
export const QUEUES = {
  thumbnail: "image.thumbnail",
  embed: "image.embed",
  trainRound: "train.round",
  alScore: "al.score",
  export: "export.run",
} as const;

export const jobPayloadSchemas = {
  [QUEUES.thumbnail]: z.object({ imageId: z.uuid() }),
  [QUEUES.embed]: z.object({ imageId: z.uuid() }),
  [QUEUES.trainRound]: z.object({ projectId: z.uuid(), runId: z.uuid() }),
  [QUEUES.alScore]: z.object({ projectId: z.uuid() }),
  [QUEUES.export]: z.object({ exportId: z.uuid() }),
} as const;

export type QueueName = keyof typeof jobPayloadSchemas;
export type JobPayload<Q extends QueueName> = z.infer<(typeof jobPayloadSchemas)[Q]>;
export const QUEUE_NAMES = Object.keys(jobPayloadSchemas) as QueueName[];

/** Queue options; `train.round` runs one job at a time per project (singletonKey = projectId). */
const queueOptions: Record<QueueName, Parameters<PgBoss["createQueue"]>[1]> = {
  [QUEUES.thumbnail]: { retryLimit: 3, retryDelay: 5, expireInSeconds: 300 },
  [QUEUES.embed]: { retryLimit: 3, retryDelay: 10, expireInSeconds: 900 },
  [QUEUES.trainRound]: { policy: "singleton", retryLimit: 1, expireInSeconds: 3600 },
  [QUEUES.alScore]: { policy: "stately", retryLimit: 1, expireInSeconds: 1800 },
  [QUEUES.export]: { retryLimit: 2, retryDelay: 10, expireInSeconds: 3600 },
};

/** What the API needs from the job system: enqueue a validated payload. */
export interface JobQueue {
  send<Q extends QueueName>(name: Q, payload: JobPayload<Q>, options?: SendOptions): Promise<string | null>;
}

export function parseJobPayload<Q extends QueueName>(name: Q, data: unknown): JobPayload<Q> {
  return jobPayloadSchemas[name].parse(data) as JobPayload<Q>;
}

/** Starts pg-boss on `databaseUrl` (installs/migrates its own schema) and creates every queue. */
export async function startBoss(databaseUrl: string, options: { supervise?: boolean; max?: number } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    max: options.max ?? 4,
    supervise: options.supervise ?? true,
    schedule: false,
  });
  boss.on("error", (error) => console.error("[jobs]", error));
  await boss.start();
  await ensureQueues(boss);
  return boss;
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  for (const name of QUEUE_NAMES) {
    if (existing.has(name)) continue;
    try {
      await boss.createQueue(name, queueOptions[name]);
    } catch (error) {
      // Another process (web vs worker) may have created it concurrently.
      if (!(await boss.getQueue(name))) throw error;
    }
  }
}

export class PgBossJobQueue implements JobQueue {
  constructor(private readonly boss: PgBoss) {}

  async send<Q extends QueueName>(name: Q, payload: JobPayload<Q>, options: SendOptions = {}): Promise<string | null> {
    const data = parseJobPayload(name, payload);
    return this.boss.send(name, data, options);
  }
}

/** Connects on first send, so importing the API never opens a connection. */
class LazyJobQueue implements JobQueue {
  private queue: Promise<PgBossJobQueue> | null = null;
  constructor(private readonly databaseUrl: string) {}

  send<Q extends QueueName>(name: Q, payload: JobPayload<Q>, options?: SendOptions): Promise<string | null> {
    // The web process only sends; maintenance is the worker's job.
    this.queue ??= startBoss(this.databaseUrl, { supervise: false, max: 2 }).then((boss) => new PgBossJobQueue(boss));
    this.queue.catch(() => {
      this.queue = null;
    });
    return this.queue.then((queue) => queue.send(name, payload, options));
  }
}

type JobsGlobal = typeof globalThis & { __clickloopJobs?: JobQueue };

/** Process-wide sender from DATABASE_URL. */
export function getJobQueue(): JobQueue {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const g = globalThis as JobsGlobal;
  g.__clickloopJobs ??= new LazyJobQueue(url);
  return g.__clickloopJobs;
}
