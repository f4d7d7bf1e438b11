/**
 * Production builds for end-to-end runs, one folder per state of the sources:
 * `apps/web/.next-e2e/<key>`, where the key hashes the path, size and mtime of every build input.
 * Several engineers run e2e tests on one working tree while editing it; a run that needs a new
 * build writes a new folder instead of replacing the `.next` another run is serving from.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
export const REPO_ROOT = path.resolve(WEB_DIR, "../..");
export const NEXT_BIN = createRequire(path.join(WEB_DIR, "package.json")).resolve("next/dist/bin/next");

const BUILDS_DIR = path.join(WEB_DIR, ".next-e2e");
/** A build folder nobody has used for this long is deleted by the next build. */
const UNUSED_BUILD_TTL_MS = 15 * 60_000;

/** Sources whose change makes a build stale: the app and the workspace packages it bundles. */
const BUILD_INPUTS = [
  "apps/web/src",
  "apps/web/public",
  "apps/web/next.config.ts",
  "apps/web/postcss.config.mjs",
  "apps/web/package.json",
  "apps/web/tsconfig.json",
  "packages/api/src",
  "packages/auth/src",
  "packages/db/src",
  "packages/storage/src",
  "packages/sam/src",
];

async function listFiles(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) return [];
  if (!stat.isDirectory()) return [target];
  const entries = await fs.readdir(target);
  const nested = await Promise.all(entries.filter((e) => e !== "node_modules").map((e) => listFiles(path.join(target, e))));
  return nested.flat();
}

/** Hash of (path, size, mtime) of every build input. */
export async function sourceKey(): Promise<string> {
  const files = (await Promise.all(BUILD_INPUTS.map((p) => listFiles(path.join(REPO_ROOT, p))))).flat().sort();
  const hash = createHash("sha256");
  for (const file of files) {
    const stat = await fs.stat(file).catch(() => null);
    if (stat) hash.update(`${path.relative(REPO_ROOT, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 12);
}

export interface WebBuild {
  /** Relative to apps/web, as Next's `distDir` expects (see next.config.ts). */
  distDir: string;
  /** Environment that makes `next build` / `next start` use this folder. */
  env: Record<string, string>;
  /** Marks the build as in use until `release()`, so no other run deletes it. */
  release(): Promise<void>;
}

function buildEnv(distDir: string): Record<string, string> {
  return {
    CLICKLOOP_NEXT_DIST_DIR: distDir,
    // Next rewrites the tsconfig it builds with (it adds `<distDir>/types`); keep that off tsconfig.json.
    CLICKLOOP_NEXT_TSCONFIG: "tsconfig.e2e-build.json",
    // Types are checked by `pnpm --filter @clickloop/web typecheck`; e2e builds only need the bundle.
    CLICKLOOP_SKIP_BUILD_TYPECHECK: "1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One build at a time on this machine (2 cores; concurrent builds only slow each other down). */
async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = path.join(BUILDS_DIR, ".lock");
  await fs.mkdir(BUILDS_DIR, { recursive: true });
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

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: WEB_DIR, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next ${args.slice(1).join(" ")} exited with ${code}`))));
  });
}

const IN_USE = ".in-use-";
const COMPLETE_MARKER = ".clickloop-build-complete";

async function inUse(key: string): Promise<boolean> {
  const markers = (await fs.readdir(BUILDS_DIR)).filter((name) => name.startsWith(`${key}${IN_USE}`));
  return markers.some((name) => isAlive(Number(name.slice(key.length + IN_USE.length))));
}

/** Deletes build folders that no live process uses and nobody touched for a while. */
async function pruneBuilds(keep: string): Promise<void> {
  const now = Date.now();
  for (const name of await fs.readdir(BUILDS_DIR)) {
    if (!/^[0-9a-f]{12}$/.test(name) || name === keep || (await inUse(name))) continue;
    const stat = await fs.stat(path.join(BUILDS_DIR, name)).catch(() => null);
    if (stat && now - stat.mtimeMs > UNUSED_BUILD_TTL_MS) await fs.rm(path.join(BUILDS_DIR, name), { recursive: true, force: true });
  }
  for (const name of await fs.readdir(BUILDS_DIR)) {
    const match = /^([0-9a-f]{12})\.in-use-(\d+)$/.exec(name);
    if (match && !isAlive(Number(match[2]))) await fs.rm(path.join(BUILDS_DIR, name), { force: true });
  }
}

/**
 * The build for the current sources, made with `next build` when missing (`E2E_REBUILD=1`
 * forces a new one). Call `release()` when the server using it has stopped.
 */
export async function ensureWebBuild(): Promise<WebBuild> {
  return withBuildLock(async () => {
    const key = await sourceKey();
    const distDir = path.join(".next-e2e", key);
    const env = buildEnv(distDir);
    const marker = path.join(BUILDS_DIR, `${key}${IN_USE}${process.pid}`);
    await fs.writeFile(marker, "");
    // Next writes BUILD_ID before the build is done: a build killed half-way (a test timeout) would
    // look finished. Our own marker is written only after `next build` exited successfully.
    const complete = path.join(WEB_DIR, distDir, COMPLETE_MARKER);
    const built = await fs.stat(complete).catch(() => null);
    if (!built || process.env.E2E_REBUILD === "1") {
      await fs.rm(path.join(WEB_DIR, distDir), { recursive: true, force: true });
      await fs.writeFile(
        path.join(WEB_DIR, env.CLICKLOOP_NEXT_TSCONFIG!),
        `${JSON.stringify({ extends: "./tsconfig.json", include: ["next-env.d.ts", "src/**/*.ts", "src/**/*.tsx"] }, null, 2)}\n`,
      );
      await run([NEXT_BIN, "build"], { ...process.env, ...env, NODE_ENV: "production" });
      await fs.writeFile(complete, new Date().toISOString());
    }
    await pruneBuilds(key);
    return { distDir, env, release: () => fs.rm(marker, { force: true }) };
  });
}
