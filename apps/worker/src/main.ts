// Standalone worker: `pnpm --filter @clickloop/worker start` (DATABASE_URL, STORAGE_* from the environment).
// WORKER_QUEUES: `short` (thumbnails, embeddings), `long` (rounds, scoring), `all` (one process), or
// unset: short queues here and the long ones in a child process (see long-worker.ts).
import { z } from "zod";
import { createDb } from "@clickloop/db";
import { createStorageFromEnv } from "@clickloop/storage";
import { LONG_QUEUES, QUEUE_NAMES, SHORT_QUEUES } from "@clickloop/api/jobs";
import { spawnLongWorker, type LongWorkerProcess } from "./long-worker";
import { startWorker } from "./worker";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}
const mode = z.enum(["split", "short", "long", "all"]).parse(process.env.WORKER_QUEUES || "split");
const queues = { split: SHORT_QUEUES, short: SHORT_QUEUES, long: LONG_QUEUES, all: QUEUE_NAMES }[mode];
const prefix = mode === "long" ? "[worker:long]" : "[worker]";

const db = createDb(databaseUrl);
const worker = await startWorker({
  db,
  storage: createStorageFromEnv(),
  databaseUrl,
  queues,
  log: (message) => console.log(`${prefix} ${message}`),
  // The base multimask export is quick; the process serving user-facing jobs does it.
  publishBaseMultimask: mode !== "long",
});
const longWorker: LongWorkerProcess | null = mode === "split" ? spawnLongWorker({ env: process.env }) : null;

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${prefix} ${signal}: stopping`);
  await Promise.all([worker.stop(), longWorker?.stop()]);
  await db.$client.end();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
