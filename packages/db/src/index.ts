export * from "./schema/index";
export * from "./vocabulary";
export { createDb, getDb, type Db } from "./client";
export { migrateDb, migrationsFolder } from "./migrate";
