// Projects, membership and invitations.
import { index, jsonb, pgEnum, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { PROJECT_ROLES } from "../vocabulary";
import { users } from "./auth";
import { timestamptz } from "./columns";
import { defaultProjectSettings, type StoredProjectSettings } from "./jsonb";

/** Ordered: annotator < lead < admin (PROJECT_ROLES in ../vocabulary.ts). */
export const projectRoleEnum = pgEnum("project_role", PROJECT_ROLES);

export const projects = pgTable("projects", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** The structure being segmented, e.g. "lesion". */
  targetLabel: text("target_label").notNull(),
  description: text("description").notNull().default(""),
  /** Validated with projectSettingsSchema at every read/write boundary. */
  settings: jsonb("settings").$type<StoredProjectSettings>().notNull().default(defaultProjectSettings),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export const memberships = pgTable(
  "memberships",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: projectRoleEnum("role").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: projectRoleEnum("role").notNull(),
    /** SHA-256 (hex) of the token; the token itself is only ever shown once, to the inviter. */
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
    acceptedAt: timestamptz("accepted_at"),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [index("invitations_project_idx").on(t.projectId, t.createdAt)],
);

export type Project = typeof projects.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
