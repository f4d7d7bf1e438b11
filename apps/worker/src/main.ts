// Standalone worker: `pnpm --filter @clickloop/worker start` (DATABASE_URL, STORAGE_* from the environment).
import { createDb } from "@clickloop/db";
import { createStorageFromEnv } from "@clickloop/storage";
import { startWorker } from "./worker";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}
const db = createDb(databaseUrl);
const worker = await startWorker({ db, storage: createStorageFromEnv(), databaseUrl });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: stopping`);
  await worker.stop();
  await db.$client.end();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
