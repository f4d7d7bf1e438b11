/**
 * End-to-end harness: an isolated database (cloned from the migrated template of the db
 * package's vitest globalSetup), a fresh storage folder, the background worker running in
 * this process, and the production build of the web app served by `next start` on a free port.
 *
 *   const app = await startApp();          // builds first when .next is stale
 *   const browser = await launchBrowser();
 *   ...
 *   await browser.close(); await app.stop();
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort } from "@clickloop/db/embedded";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { LocalStorage } from "@clickloop/storage";
import { chromium, type Browser, type Page } from "playwright-core";

export const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
export const REPO_ROOT = path.resolve(WEB_DIR, "../..");
export const SCREENSHOT_DIR = path.join(WEB_DIR, "e2e", "screenshots");

const NEXT_BIN = createRequire(path.join(WEB_DIR, "package.json")).resolve("next/dist/bin/next");

/** Sources whose change makes a build stale: the app and the workspace packages it bundles. */
const BUILD_INPUTS = [
  "apps/web/src",
  "apps/web/next.config.ts",
  "apps/web/postcss.config.mjs",
  "apps/web/package.json",
  "packages/api/src",
  "packages/auth/src",
  "packages/db/src",
  "packages/storage/src",
  "packages/sam/src",
];

async function newestMtime(target: string): Promise<number> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of await fs.readdir(target)) {
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** True when `.next` holds a production build newer than every build input. */
export async function isBuildFresh(): Promise<boolean> {
  const buildId = path.join(WEB_DIR, ".next", "BUILD_ID");
  const built = await fs.stat(buildId).catch(() => null);
  if (!built) return false;
  const inputs = await Promise.all(BUILD_INPUTS.map((p) => newestMtime(path.join(REPO_ROOT, p))));
  return Math.max(...inputs) < built.mtimeMs;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(" ")} exited with ${code}`))));
  });
}

/** Serialises builds of the shared `.next` folder between concurrent test runs. */
async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = path.join(WEB_DIR, ".next-build.lock");
  for (;;) {
    try {
      await fs.mkdir(lock);
      await fs.writeFile(path.join(lock, "pid"), String(process.pid));
      break;
    } catch {
      const owner = Number(await fs.readFile(path.join(lock, "pid"), "utf8").catch(() => "0"));
      if (owner > 0 && !isAlive(owner)) await fs.rm(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `next build` unless a fresh build exists (`E2E_REBUILD=1` forces one). */
export async function ensureWebBuild(): Promise<void> {
  await withBuildLock(async () => {
    if (process.env.E2E_REBUILD !== "1" && (await isBuildFresh())) return;
    await run(process.execPath, [NEXT_BIN, "build"], WEB_DIR, { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
  });
}

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
  await ensureWebBuild();

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
    const { startWorker } = await import("@clickloop/worker");
    const worker = await startWorker({
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
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
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
