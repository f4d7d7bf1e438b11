import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt } from "drizzle-orm";
import { sessions, users, type Db } from "@clickloop/db";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;
/** Extend a session's expiry at most this often (one write per day per session). */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 3600;

/** Only this digest of the cookie's token is stored: a leaked `sessions` table opens no session. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Payload auth.js carries between our decode and encode; `sessionToken` marks an existing DB session. */
export interface DbSessionToken extends JWT {
  sub?: string;
  sessionToken?: string;
}

/**
 * Database sessions for the Credentials provider. Auth.js refuses `strategy: "database"` with
 * credentials only, so we keep its "jwt" plumbing but make the "JWT" an opaque random token that
 * names a row of `sessions`: encode creates/extends the row, decode looks it up (deleted or
 * expired row ⇒ signed out). Sessions can therefore be listed and revoked in the database. Rows
 * hold the token's SHA-256, not the token; a disabled user's sessions decode to "signed out".
 */
export function createDbSessionCodec(
  db: Db,
  options: { maxAgeSeconds?: number; updateAgeSeconds?: number; now?: () => Date } = {},
) {
  const maxAge = options.maxAgeSeconds ?? SESSION_MAX_AGE_SECONDS;
  const updateAge = options.updateAgeSeconds ?? SESSION_UPDATE_AGE_SECONDS;
  const now = options.now ?? (() => new Date());

  async function encode(params: Pick<JWTEncodeParams, "token">): Promise<string> {
    const token = (params.token ?? {}) as DbSessionToken;
    const expires = new Date(now().getTime() + maxAge * 1000);
    if (token.sessionToken) {
      const digest = hashSessionToken(token.sessionToken);
      const [row] = await db.select().from(sessions).where(eq(sessions.sessionToken, digest)).limit(1);
      if (!row) return ""; // revoked meanwhile: an empty cookie decodes to "signed out"
      if (row.expires.getTime() - now().getTime() < (maxAge - updateAge) * 1000) {
        await db.update(sessions).set({ expires }).where(eq(sessions.sessionToken, digest));
      }
      return token.sessionToken;
    }
    if (!token.sub) throw new Error("Cannot create a session without a user id");
    const sessionToken = randomBytes(32).toString("base64url");
    await db.insert(sessions).values({ sessionToken: hashSessionToken(sessionToken), userId: token.sub, expires });
    return sessionToken;
  }

  async function decode(params: Pick<JWTDecodeParams, "token">): Promise<DbSessionToken | null> {
    const sessionToken = params.token;
    if (!sessionToken) return null;
    const digest = hashSessionToken(sessionToken);
    const [row] = await db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.sessionToken, digest), isNull(users.disabledAt)))
      .limit(1);
    if (!row) return null;
    if (row.session.expires.getTime() <= now().getTime()) {
      await db.delete(sessions).where(eq(sessions.sessionToken, digest));
      return null;
    }
    return { sub: row.user.id, name: row.user.name, email: row.user.email, picture: row.user.image, sessionToken };
  }

  async function revoke(sessionToken: string): Promise<void> {
    await db.delete(sessions).where(eq(sessions.sessionToken, hashSessionToken(sessionToken)));
  }

  return { encode, decode, revoke, maxAge };
}

/** Ends every session of a user ("sign out everywhere", password change, disabling). */
export async function revokeUserSessions(db: Pick<Db, "delete">, userId: string): Promise<number> {
  const rows = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ userId: sessions.userId });
  return rows.length;
}

/** Deletes expired sessions (they are refused anyway; this keeps the table small). */
export async function purgeExpiredSessions(db: Pick<Db, "delete">, now = new Date()): Promise<number> {
  const rows = await db.delete(sessions).where(lt(sessions.expires, now)).returning({ userId: sessions.userId });
  return rows.length;
}
