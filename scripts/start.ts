// `pnpm start` (after `next build`) / `pnpm dev`: database, migrations, demo seed, worker, web app.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { createDb, migrateDb } from "@clickloop/db";
import { createStorageFromEnv } from "@clickloop/storage";
import { PgBossJobQueue } from "@clickloop/api";
import { resolveAuthSecret } from "@clickloop/auth/core";
import { startWorker } from "@clickloop/worker";
import { DATA_DIR, openLocalDatabase, REPO_ROOT } from "./local-database";
import { seedDemoAccount, seedDemoImages } from "./seed";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const webDir = path.join(REPO_ROOT, "apps/web");

const log = (message: string) => console.log(`[start] ${message}`);

const database = await openLocalDatabase();
log(`database: ${database.source}`);
const db = createDb(database.url);
await migrateDb(db);
log("migrations applied");

// Children (next) run in apps/web: hand them absolute paths.
const storageEnv: Record<string, string> =
  (process.env.STORAGE_DRIVER ?? "local") === "local"
    ? { STORAGE_DRIVER: "local", STORAGE_DIR: path.resolve(REPO_ROOT, process.env.STORAGE_DIR ?? ".data/storage") }
    : {};
const storage = createStorageFromEnv({ ...process.env, ...storageEnv });
const authSecret = resolveAuthSecret(DATA_DIR);

const worker = await startWorker({ db, storage, databaseUrl: database.url });
const seed = await seedDemoAccount(db, DATA_DIR);

const nextBin = createRequire(path.join(webDir, "package.json")).resolve("next/dist/bin/next");
const web: ChildProcess = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", String(port)], {
  cwd: webDir,
  stdio: "inherit",
  // No telemetry: the platform makes no outbound calls.
  env: { ...process.env, ...storageEnv, DATABASE_URL: database.url, AUTH_SECRET: authSecret, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
});

const url = `http://localhost:${port}`;
console.log(
  [
    "",
    "  ClickLoop is starting",
    `    URL:       ${url}`,
    `    Admin:     ${seed.adminEmail}`,
    `    Password:  ${seed.adminPassword ?? "(set before; see .data/admin-password or reset it)"}`,
    `    Data:      ${DATA_DIR}`,
    "",
  ].join("\n"),
);

// Phantoms are generated while the web app boots (first start only).
seedDemoImages({ db, storage, jobs: new PgBossJobQueue(worker.boss) }, seed.projectId, seed.adminId).then(
  (added) => added > 0 && log(`seeded ${added} demo image(s)`),
  (error: unknown) => console.error("[start] demo images:", error),
);

let stopping = false;
async function shutdown(reason: string, code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${reason}: shutting down`);
  if (web.exitCode === null) {
    const exited = new Promise((resolve) => web.once("exit", resolve));
    web.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
  await worker.stop().catch((error: unknown) => console.error(error));
  await db.$client.end().catch(() => {});
  await database.stop().catch((error: unknown) => console.error(error));
  process.exit(code);
}

process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
web.on("exit", (code, signal) => {
  if (!stopping) void shutdown(`web app exited (${signal ?? code})`, code ?? 1);
});
