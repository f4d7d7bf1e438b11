import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "./schema/index";

export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };

/** Drizzle over a pg.Pool. Close with `db.$client.end()`. */
export function createDb(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client losing its connection (e.g. server restart) must not crash the process.
  pool.on("error", (err) => console.error("[db] idle client error:", err.message));
  return drizzle(pool, { schema });
}

type DbGlobal = typeof globalThis & { __clickloopDb?: { url: string; db: Db } };

/** Process-wide instance from DATABASE_URL (survives Next dev hot reloads). */
export function getDb(): Db {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const g = globalThis as DbGlobal;
  if (!g.__clickloopDb || g.__clickloopDb.url !== url) {
    g.__clickloopDb = { url, db: createDb(url) };
  }
  return g.__clickloopDb.db;
}
