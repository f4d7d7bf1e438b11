import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createDb } from "@clickloop/db";
import { processAlive, startEmbeddedPostgres } from "@clickloop/db/embedded";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");
export const DATA_DIR = path.join(REPO_ROOT, ".data");
const PG_DIR = path.join(DATA_DIR, "pg");
const EMBEDDED_PASSWORD = "postgres";

export interface LocalDatabase {
  url: string;
  /** How we got it, for the start-up banner. */
  source: "DATABASE_URL" | "embedded (started)" | "embedded (already running)";
  stop(): Promise<void>;
}

/** Port of the embedded server when another process (e.g. `pnpm start`) is running it. */
function runningEmbeddedPort(): number | null {
  const pidFile = path.join(PG_DIR, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, "utf8").split("\n");
  return Number(pid) > 0 && processAlive(Number(pid)) && Number(port) > 0 ? Number(port) : null;
}

/** DATABASE_URL if set; else the embedded Postgres in `.data/pg` (joined if running, started if not). */
export async function openLocalDatabase(options: { verbose?: boolean } = {}): Promise<LocalDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, source: "DATABASE_URL", stop: async () => {} };
  const port = runningEmbeddedPort();
  if (port) {
    return {
      url: `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/clickloop`,
      source: "embedded (already running)",
      stop: async () => {},
    };
  }
  const server = await startEmbeddedPostgres({ dataDir: PG_DIR, password: EMBEDDED_PASSWORD, verbose: options.verbose });
  const admin = createDb(server.url, { max: 1 });
  try {
    const exists = await admin.$client.query("SELECT 1 FROM pg_database WHERE datname = 'clickloop'");
    if (exists.rowCount === 0) await admin.$client.query("CREATE DATABASE clickloop");
  } finally {
    await admin.$client.end();
  }
  return { url: server.urlFor("clickloop"), source: "embedded (started)", stop: () => server.stop() };
}
