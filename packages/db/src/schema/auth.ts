// Auth.js tables (shape required by @auth/drizzle-adapter for postgres).
// Property names are fixed by the adapter; SQL column names may differ.
import { randomUUID } from "node:crypto";
import { boolean, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

export const users = pgTable("users", {
  id: text("id").primaryKey().$defaultFn(() => randomUUID()),
  name: text("name"),
  email: text("email").unique(),
  emailVerified: timestamptz("email_verified"),
  image: text("image"),
  /** scrypt hash (see @clickloop/auth password.ts); null for accounts that cannot sign in with a password. */
  passwordHash: text("password_hash"),
  isInstanceAdmin: boolean("is_instance_admin").notNull().default(false),
  /** Set by an instance admin: the account cannot sign in and its sessions are gone. */
  disabledAt: timestamptz("disabled_at"),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 (hex) of the cookie's token, never the token itself (see @clickloop/auth db-sessions.ts). */
    sessionToken: text("session_token").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamptz("expires").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expires)],
);

/**
 * Failed sign-in attempts per key (`account:<email>`, `ip:<address>`) in a fixed window; a key
 * past its limit is blocked until `blockedUntil`. In PostgreSQL so every web process and a
 * restart see the same counts (see @clickloop/auth throttle.ts).
 */
export const authThrottle = pgTable("auth_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: timestamptz("window_started_at").notNull(),
  blockedUntil: timestamptz("blocked_until"),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamptz("expires").notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

export type User = typeof users.$inferSelect;
