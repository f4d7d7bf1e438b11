// Account security at rest and at the door: throttled sign-in, scrypt cost with transparent
// upgrade of old hashes, session tokens stored hashed, disabled accounts, purging.
import { randomBytes, scryptSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { authThrottle, sessions, users } from "@clickloop/db";
import { hashPassword, needsRehash, SCRYPT_COST, verifyPassword } from "../src/password";
import { authorizeCredentials } from "../src/authorize";
import { createDbSessionCodec, hashSessionToken, purgeExpiredSessions, revokeUserSessions } from "../src/db-sessions";
import { loadSessionUserById } from "../src/session-user";
import { clientAddress, purgeThrottle, recordFailure, SignInThrottledError, THROTTLE_RULES } from "../src/throttle";

/** A hash in the old format (N = 2^15), as stored before the upgrade. */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 64, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", 2 ** 15, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    return (await promise) ? "ok" : "refused";
  } catch (error) {
    return error instanceof SignInThrottledError ? "throttled" : String(error);
  }
}

describe("account hardening", () => {
  let database: TestDatabase;
  let hash: string;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    hash = await hashPassword("correct horse");
  });
  afterAll(async () => database?.cleanup());

  async function user(options: { passwordHash?: string } = {}) {
    const email = `u${++seq}@example.com`;
    const [row] = await database.db.insert(users).values({ email, name: "U", passwordHash: options.passwordHash ?? hash }).returning();
    return { id: row!.id, email };
  }

  it("hashes with scrypt N = 2^17 (OWASP) and recognises weaker hashes", async () => {
    expect(SCRYPT_COST.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(hash.split("$").slice(0, 4)).toEqual(["scrypt", String(2 ** 17), "8", "1"]);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash(legacyHash("x"))).toBe(true);
  });

  it("upgrades an old hash at the next successful sign-in, transparently", async () => {
    const legacy = legacyHash("old password 1");
    const u = await user({ passwordHash: legacy });
    expect(await authorizeCredentials(database.db, { email: u.email, password: "wrong" })).toBeNull();
    expect((await database.db.select().from(users).where(eq(users.id, u.id)))[0]!.passwordHash).toBe(legacy);
    expect(await authorizeCredentials(database.db, { email: u.email, password: "old password 1" })).toMatchObject({ id: u.id });
    const upgraded = (await database.db.select().from(users).where(eq(users.id, u.id)))[0]!.passwordHash!;
    expect(upgraded).not.toBe(legacy);
    expect(needsRehash(upgraded)).toBe(false);
    expect(await verifyPassword("old password 1", upgraded)).toBe(true);
    expect(await authorizeCredentials(database.db, { email: u.email, password: "old password 1" })).toMatchObject({ id: u.id });
  });

  it("blocks an account after 5 failures, even with the right password, without checking it", async () => {
    const u = await user();
    for (let i = 0; i < THROTTLE_RULES.account.limit; i++) {
      expect(await outcome(authorizeCredentials(database.db, { email: u.email, password: `guess ${i}` }, { ip: `10.0.0.${i}` }))).toBe("refused");
    }
    expect(await outcome(authorizeCredentials(database.db, { email: u.email, password: "correct horse" }, { ip: "10.9.9.9" }))).toBe("throttled");
    // Another account is not affected; after the block the right password works and clears the count.
    expect(await outcome(authorizeCredentials(database.db, { email: (await user()).email, password: "correct horse" }))).toBe("ok");
    await database.db.update(authThrottle).set({ blockedUntil: new Date(Date.now() - 1) }).where(eq(authThrottle.key, `account:${u.email}`));
    expect(await outcome(authorizeCredentials(database.db, { email: u.email, password: "correct horse" }))).toBe("ok");
    expect(await database.db.select().from(authThrottle).where(eq(authThrottle.key, `account:${u.email}`))).toEqual([]);
  });

  it("blocks an address that sprays many accounts", async () => {
    const ip = "192.0.2.77";
    // One wrong password the slow way, the rest counted directly (each check costs a full scrypt).
    await authorizeCredentials(database.db, { email: "nobody@example.com", password: "x" }, { ip });
    for (let i = 1; i < THROTTLE_RULES.ip.limit; i++) await recordFailure(database.db, { email: `nobody${i}@example.com`, ip });
    const u = await user();
    expect(await outcome(authorizeCredentials(database.db, { email: u.email, password: "correct horse" }, { ip }))).toBe("throttled");
    expect(await outcome(authorizeCredentials(database.db, { email: u.email, password: "correct horse" }, { ip: "192.0.2.78" }))).toBe("ok");
  });

  it("takes the client address from the right-most X-Forwarded-For entry", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.5" }))).toBe("203.0.113.5");
    expect(clientAddress(new Headers({ "x-real-ip": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress(new Headers())).toBeNull();
  });

  it("stores only the SHA-256 of session tokens; the raw token still signs in", async () => {
    const u = await user();
    const codec = createDbSessionCodec(database.db);
    const token = await codec.encode({ token: { sub: u.id } });
    const rows = await database.db.select().from(sessions).where(eq(sessions.userId, u.id));
    expect(rows.map((r) => r.sessionToken)).toEqual([hashSessionToken(token)]);
    expect(rows[0]!.sessionToken).not.toContain(token);
    expect(await codec.decode({ token })).toMatchObject({ sub: u.id });
    // The stored value is not a usable cookie.
    expect(await codec.decode({ token: rows[0]!.sessionToken })).toBeNull();
  });

  it("a disabled account cannot sign in and its live sessions stop working", async () => {
    const u = await user();
    const codec = createDbSessionCodec(database.db);
    const token = await codec.encode({ token: { sub: u.id } });
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, u.id));
    expect(await codec.decode({ token })).toBeNull();
    expect(await loadSessionUserById(database.db, u.id)).toBeNull();
    expect(await authorizeCredentials(database.db, { email: u.email, password: "correct horse" })).toBeNull();
  });

  it("signs out everywhere, and purges expired sessions and stale throttle rows", async () => {
    const u = await user();
    const codec = createDbSessionCodec(database.db);
    const [a, b] = [await codec.encode({ token: { sub: u.id } }), await codec.encode({ token: { sub: u.id } })];
    expect(await revokeUserSessions(database.db, u.id)).toBe(2);
    expect(await codec.decode({ token: a })).toBeNull();
    expect(await codec.decode({ token: b })).toBeNull();

    const past = createDbSessionCodec(database.db, { now: () => new Date(Date.now() - 40 * 24 * 3600_000) });
    await past.encode({ token: { sub: u.id } });
    const live = await codec.encode({ token: { sub: u.id } });
    expect(await purgeExpiredSessions(database.db)).toBe(1);
    expect(await codec.decode({ token: live })).toMatchObject({ sub: u.id });

    await database.db.insert(authThrottle).values({ key: "ip:198.51.100.1", failures: 3, windowStartedAt: new Date(Date.now() - 3600_000) });
    expect(await purgeThrottle(database.db)).toBeGreaterThanOrEqual(1);
  });
});
