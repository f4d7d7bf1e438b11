import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { sessions, users, type Db } from "@clickloop/db";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;
/** Extend a session's expiry at most this often (one write per day per session). */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 3600;

/** Payload auth.js carries between our decode and encode; `sessionToken` marks an existing DB session. */
export interface DbSessionToken extends JWT {
  sub?: string;
  sessionToken?: string;
}

/**
 * Database sessions for the Credentials provider. Auth.js refuses `strategy: "database"` with
 * credentials only, so we keep its "jwt" plumbing but make the "JWT" an opaque random token that
 * names a row of `sessions`: encode creates/extends the row, decode looks it up (deleted or
 * expired row ⇒ signed out). Sessions can therefore be listed and revoked in the database.
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
      const [row] = await db.select().from(sessions).where(eq(sessions.sessionToken, token.sessionToken)).limit(1);
      if (!row) return ""; // revoked meanwhile: an empty cookie decodes to "signed out"
      if (row.expires.getTime() - now().getTime() < (maxAge - updateAge) * 1000) {
        await db.update(sessions).set({ expires }).where(eq(sessions.sessionToken, row.sessionToken));
      }
      return row.sessionToken;
    }
    if (!token.sub) throw new Error("Cannot create a session without a user id");
    const sessionToken = randomBytes(32).toString("base64url");
    await db.insert(sessions).values({ sessionToken, userId: token.sub, expires });
    return sessionToken;
  }

  async function decode(params: Pick<JWTDecodeParams, "token">): Promise<DbSessionToken | null> {
    const sessionToken = params.token;
    if (!sessionToken) return null;
    const [row] = await db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.sessionToken, sessionToken))
      .limit(1);
    if (!row) return null;
    if (row.session.expires.getTime() <= now().getTime()) {
      await db.delete(sessions).where(eq(sessions.sessionToken, sessionToken));
      return null;
    }
    return { sub: row.user.id, name: row.user.name, email: row.user.email, picture: row.user.image, sessionToken };
  }

  async function revoke(sessionToken: string): Promise<void> {
    await db.delete(sessions).where(eq(sessions.sessionToken, sessionToken));
  }

  return { encode, decode, revoke, maxAge };
}
