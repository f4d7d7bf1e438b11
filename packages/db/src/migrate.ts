import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { Db } from "./client";

/** `/drizzle` at the repository root; MIGRATIONS_DIR overrides (e.g. in a container image). */
export function migrationsFolder(): string {
  if (process.env.MIGRATIONS_DIR) return path.resolve(process.env.MIGRATIONS_DIR);
  return fileURLToPath(new URL("../../../drizzle", import.meta.url));
}

/** Applies pending drizzle-kit migrations (idempotent; tracked in drizzle.__drizzle_migrations). */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: migrationsFolder() });
}
