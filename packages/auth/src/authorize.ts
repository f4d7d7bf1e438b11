import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { users, type Db } from "@clickloop/db";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password";
import { assertNotThrottled, recordFailure, recordSuccess } from "./throttle";

const credentialsSchema = z.object({
  email: z.email().trim().toLowerCase().max(320),
  password: z.string().min(1).max(200),
});

export interface AuthorizedUser {
  id: string;
  email: string;
  name: string | null;
}

export interface AuthorizeContext {
  /** Client address for the per-address throttle (see throttle.ts `clientAddress`). */
  ip?: string | null;
}

/**
 * Email + password check for the Credentials provider. Same timing for unknown emails and wrong
 * passwords; throttled per account and address (SignInThrottledError while blocked, before any
 * password is checked); disabled accounts are refused; a hash with outdated parameters is
 * upgraded on success.
 */
export async function authorizeCredentials(db: Db, credentials: unknown, context: AuthorizeContext = {}): Promise<AuthorizedUser | null> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const subject = { email: parsed.data.email, ip: context.ip ?? null };
  await assertNotThrottled(db, subject);
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(sql`lower(${users.email}) = ${parsed.data.email}`)
    .limit(1);
  const ok = user?.passwordHash ? await verifyPassword(parsed.data.password, user.passwordHash) : await verifyAgainstDummy(parsed.data.password);
  if (!user || !ok) {
    await recordFailure(db, subject);
    return null;
  }
  if (user.disabledAt) return null;
  await recordSuccess(db, subject);
  if (needsRehash(user.passwordHash)) {
    await db.update(users).set({ passwordHash: await hashPassword(parsed.data.password) }).where(eq(users.id, user.id));
  }
  return { id: user.id, email: user.email ?? parsed.data.email, name: user.name };
}
