import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "./client";
import { migrateDb } from "./migrate";

export const TEMPLATE_DATABASE = "clickloop_test_template";

declare module "vitest" {
  interface ProvidedContext {
    /** URL of the maintenance database of the test server (see test-global-setup.ts). */
    clickloopTestServerUrl: string;
  }
}

export interface TestDatabase {
  db: Db;
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  cleanup(): Promise<void>;
}

function serverUrl(): string {
  const provided = inject("clickloopTestServerUrl");
  if (provided) return provided;
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  throw new Error("No test database server: add packages/db/src/test-global-setup.ts to vitest globalSetup");
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the migrated template database every test database is cloned from (called once per run). */
export async function prepareTemplateDatabase(url: string): Promise<void> {
  await withAdminClient(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  const db = createDb(withDatabase(url, TEMPLATE_DATABASE), { max: 1 });
  try {
    await migrateDb(db);
  } finally {
    await db.$client.end();
  }
}

/**
 * An isolated database for one test file. `migrated: true` (default) clones the migrated
 * template; `migrated: false` gives an empty database.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const base = serverUrl();
  const name = `t_${randomBytes(6).toString("hex")}`;
  const migrated = options.migrated ?? true;
  await withAdminClient(base, async (client) => {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [TEMPLATE_DATABASE]);
    if (migrated && exists.rowCount === 0) {
      // Reusing an external DATABASE_URL server without the global setup: migrate directly below.
      await client.query(`CREATE DATABASE ${name}`);
    } else {
      await client.query(migrated ? `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}` : `CREATE DATABASE ${name}`);
    }
  });
  const url = withDatabase(base, name);
  const db = createDb(url, { max: 5 });
  if (migrated) await migrateDb(db); // no-op on a clone of the template
  return {
    db,
    url,
    name,
    cleanup: async () => {
      await db.$client.end();
      await withAdminClient(base, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
