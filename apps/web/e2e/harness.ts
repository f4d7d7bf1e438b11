/**
 * End-to-end harness: an isolated database (cloned from the migrated template of the db
 * package's vitest globalSetup), a fresh storage folder, the background worker running in
 * this process, and the production build of the web app served by `next start` on a free port.
 *
 *   const app = await startApp();          // builds first when the sources changed (see build.ts)
 *   const browser = await launchBrowser();
 *   ...
 *   await browser.close(); await app.stop();
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { QueueName } from "@clickloop/api/jobs";
import { findFreePort } from "@clickloop/db/embedded";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { LocalStorage } from "@clickloop/storage";
import { chromium, type Browser, type Page } from "playwright-core";
import { ensureWebBuild, NEXT_BIN, REPO_ROOT, WEB_DIR } from "./build";

export { ensureWebBuild, REPO_ROOT, WEB_DIR } from "./build";
export const SCREENSHOT_DIR = path.join(WEB_DIR, "e2e", "screenshots");

export interface RunningApp {
  baseUrl: string;
  database: TestDatabase;
  storageDir: string;
  /** Output of the `next start` process so far (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  /** Run the background worker in this process (default true). */
  worker?: boolean;
  /** Queues the worker consumes, e.g. `["image.thumbnail"]` to skip the CPU-heavy embeddings; default: all. */
  queues?: QueueName[];
  /** Extra environment for the server and the worker. */
  env?: Record<string, string>;
}

async function waitForServer(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${logs()}`);
    const response = await fetch(url, { redirect: "manual" }).catch(() => null);
    if (response && response.status < 500) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`next start did not answer at ${url}:\n${logs()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  const build = await ensureWebBuild();

  const runId = randomBytes(4).toString("hex");
  const storageDir = path.join(REPO_ROOT, ".test-data", `e2e-storage-${runId}`);
  await fs.mkdir(storageDir, { recursive: true });
  const database = await createTestDatabase();
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    STORAGE_DRIVER: "local",
    STORAGE_DIR: storageDir,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    AUTH_URL: baseUrl,
    ...options.env,
  };
  // The in-process worker reads the same configuration as the server.
  const previousEnv = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);

  let stopWorker: (() => Promise<void>) | null = null;
  if (options.worker ?? true) {
    const { startWorker, jobHandlers } = await import("@clickloop/worker");
    const handlers = options.queues ? Object.fromEntries(options.queues.map((queue) => [queue, jobHandlers[queue]])) : jobHandlers;
    const worker = await startWorker({
      handlers,
      db: database.db,
      storage: new LocalStorage(storageDir),
      databaseUrl: database.url,
      log: (message) => {
        if (process.env.E2E_VERBOSE === "1") console.log(`[worker] ${message}`);
      },
    });
    stopWorker = () => worker.stop();
  }

  let output = "";
  const child = spawn(process.execPath, [NEXT_BIN, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: WEB_DIR,
    env: { ...process.env, ...env, ...build.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.E2E_VERBOSE === "1") process.stdout.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const stop = async () => {
    await stopChild(child);
    await build.release();
    await stopWorker?.();
    await database.cleanup();
    await fs.rm(storageDir, { recursive: true, force: true });
    for (const [key, value] of Object.entries(previousEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };

  try {
    await waitForServer(`${baseUrl}/sign-in`, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, database, storageDir, logs: () => output, stop };
}

/** Debian's Chromium, driven by playwright-core (no browser download). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

/** Saves a full-page screenshot to apps/web/e2e/screenshots/<name>.png (git-ignored). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
