export * from "./schema/index";
export * from "./roles";
export { createDb, getDb, type Db } from "./client";
export { migrateDb, migrationsFolder } from "./migrate";
