// Sign-in throttling. Policy (a hospital's, see README "Security"): per account, 5 failed
// attempts in 15 minutes block that account's password checks for 15 minutes; per client
// address, 30 failures in 15 minutes block it likewise. While blocked, no password is checked at
// all, so the endpoint stops answering "is this password right?". A success clears the account's
// count. Counts live in PostgreSQL (`auth_throttle`): shared by every web process, kept across
// restarts, no extra service.
import { and, gt, inArray, lt, or, sql } from "drizzle-orm";
import { authThrottle, type Db } from "@clickloop/db";

export interface ThrottleRule {
  limit: number;
  windowMs: number;
  blockMs: number;
}

export const THROTTLE_RULES = {
  account: { limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 },
  ip: { limit: 30, windowMs: 15 * 60_000, blockMs: 15 * 60_000 },
} satisfies Record<string, ThrottleRule>;

export type ThrottleKind = keyof typeof THROTTLE_RULES;

export interface ThrottleSubject {
  email: string;
  ip: string | null;
}

type Executor = Pick<Db, "select" | "insert" | "update" | "delete" | "execute">;

function keysOf(subject: ThrottleSubject): { key: string; rule: ThrottleRule }[] {
  const keys = [{ key: `account:${subject.email.trim().toLowerCase()}`, rule: THROTTLE_RULES.account }];
  if (subject.ip) keys.push({ key: `ip:${subject.ip}`, rule: THROTTLE_RULES.ip });
  return keys;
}

export class SignInThrottledError extends Error {
  override name = "SignInThrottledError";
  constructor(readonly retryAfterMs: number) {
    super(`Too many failed attempts. Try again in ${Math.max(1, Math.ceil(retryAfterMs / 60_000))} minute(s).`);
  }
}

/** Milliseconds until the subject may try again; 0 when not blocked. */
export async function throttleDelay(db: Executor, subject: ThrottleSubject, now = new Date()): Promise<number> {
  const keys = keysOf(subject).map((k) => k.key);
  const rows = await db
    .select({ blockedUntil: authThrottle.blockedUntil })
    .from(authThrottle)
    .where(and(inArray(authThrottle.key, keys), gt(authThrottle.blockedUntil, now)));
  return rows.reduce((max, r) => Math.max(max, (r.blockedUntil?.getTime() ?? 0) - now.getTime()), 0);
}

/** Throws SignInThrottledError while blocked. */
export async function assertNotThrottled(db: Executor, subject: ThrottleSubject, now = new Date()): Promise<void> {
  const delay = await throttleDelay(db, subject, now);
  if (delay > 0) throw new SignInThrottledError(delay);
}

/** Counts one failure for the account and the address; blocks whichever reached its limit. */
export async function recordFailure(db: Executor, subject: ThrottleSubject, now = new Date()): Promise<void> {
  for (const { key, rule } of keysOf(subject)) {
    const windowStart = new Date(now.getTime() - rule.windowMs);
    const blockUntil = new Date(now.getTime() + rule.blockMs);
    await db.execute(sql`
      insert into ${authThrottle} (key, failures, window_started_at, blocked_until)
      values (${key}, 1, ${now}, ${rule.limit <= 1 ? blockUntil : null})
      on conflict (key) do update set
        failures = case when ${authThrottle}.window_started_at < ${windowStart} then 1 else ${authThrottle}.failures + 1 end,
        window_started_at = case when ${authThrottle}.window_started_at < ${windowStart} then ${now} else ${authThrottle}.window_started_at end,
        blocked_until = case
          when (case when ${authThrottle}.window_started_at < ${windowStart} then 1 else ${authThrottle}.failures + 1 end) >= ${rule.limit} then ${blockUntil}
          else ${authThrottle}.blocked_until end
    `);
  }
}

/** A successful sign-in clears the account's count (not the address's). */
export async function recordSuccess(db: Executor, subject: ThrottleSubject): Promise<void> {
  await db.delete(authThrottle).where(inArray(authThrottle.key, [keysOf(subject)[0]!.key]));
}

/** Drops rows whose window and block are both over (run periodically). */
export async function purgeThrottle(db: Executor, now = new Date()): Promise<number> {
  const longest = Math.max(...Object.values(THROTTLE_RULES).map((r) => Math.max(r.windowMs, r.blockMs)));
  const cutoff = new Date(now.getTime() - longest);
  const rows = await db
    .delete(authThrottle)
    .where(and(lt(authThrottle.windowStartedAt, cutoff), or(sql`${authThrottle.blockedUntil} is null`, lt(authThrottle.blockedUntil, now))))
    .returning({ key: authThrottle.key });
  return rows.length;
}

/**
 * The client address for throttling: the right-most `X-Forwarded-For` entry (the one the nearest
 * proxy — or Next.js itself, when the header is absent — wrote). Without a reverse proxy a client
 * can choose this value, so the per-address rule then only slows honest mistakes; the per-account
 * rule does not depend on it.
 */
export function clientAddress(headers: Headers | null | undefined): string | null {
  const forwarded = headers?.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last ?? headers?.get("x-real-ip") ?? null;
}
