// The audit log.
import { bigint, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { timestamptz } from "./columns";
import { projects } from "./projects";

export const auditEvents = pgTable(
  "audit_events",
  {
    /** Monotonic id doubles as the pagination cursor. */
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "set null" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("audit_events_project_idx").on(t.projectId, t.id)],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
