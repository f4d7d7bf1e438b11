// The drizzle schema, one file per domain; drizzle-kit reads this entry (packages/db/drizzle.config.ts).
// Naming: plural snake_case table names, uuid ids, `project_id`/`image_id` FKs, timestamps `*_at`
// with time zone (`timestamptz`).
export * from "./auth";
export * from "./projects";
export * from "./images";
export * from "./annotations";
export * from "./audit";
export * from "./models";
export * from "./exports";
export * from "./jsonb";
