// Exports of a project's masks (a background job writes the zip; see packages/api/src/services/export).
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { EXPORT_FORMATS, EXPORT_STATUSES } from "../vocabulary";
import { users } from "./auth";
import { timestamptz } from "./columns";
import type { ExportFilter } from "./jsonb";
import { projects } from "./projects";

export const exportFormatEnum = pgEnum("export_format", EXPORT_FORMATS);
export const exportStatusEnum = pgEnum("export_status", EXPORT_STATUSES);

export const exportJobs = pgTable(
  "export_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    format: exportFormatEnum("format").notNull(),
    filter: jsonb("filter").$type<ExportFilter>().notNull(),
    status: exportStatusEnum("status").notNull().default("queued"),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    storageKey: text("storage_key"),
    byteSize: bigint("byte_size", { mode: "number" }),
    error: text("error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [index("export_jobs_project_idx").on(t.projectId, t.createdAt)],
);

export type ExportJob = typeof exportJobs.$inferSelect;
