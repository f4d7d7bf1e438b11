import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { sessions, users } from "@clickloop/db";
import { hashPassword, verifyPassword } from "../src/password";
import { authorizeCredentials } from "../src/authorize";
import { createDbSessionCodec, hashSessionToken } from "../src/db-sessions";
import { resolveAuthSecret } from "../src/secret";

describe("password hashing", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const a = await hashPassword("s3cret-passw0rd");
    const b = await hashPassword("s3cret-passw0rd");
    expect(a).not.toEqual(b);
    expect(a.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword("s3cret-passw0rd", a)).toBe(true);
    expect(await verifyPassword("s3cret-passw0rd ", a)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", "scrypt$garbage")).toBe(false);
  });
});

describe("credentials and database sessions", () => {
  let database: TestDatabase;
  let userId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const [user] = await database.db
      .insert(users)
      .values({ email: "ann@example.com", name: "Ann", passwordHash: await hashPassword("correct horse") })
      .returning();
    userId = user!.id;
  });
  afterAll(async () => {
    await database.cleanup();
  });

  it("authorizes by email (case-insensitive) and password", async () => {
    expect(await authorizeCredentials(database.db, { email: "ANN@example.com", password: "correct horse" })).toMatchObject({ id: userId });
    expect(await authorizeCredentials(database.db, { email: "ann@example.com", password: "wrong" })).toBeNull();
    expect(await authorizeCredentials(database.db, { email: "nobody@example.com", password: "correct horse" })).toBeNull();
    expect(await authorizeCredentials(database.db, { email: "not-an-email" })).toBeNull();
  });

  it("stores sessions as rows: create, look up, extend, revoke, expire", async () => {
    let clock = new Date("2030-01-01T00:00:00Z");
    const codec = createDbSessionCodec(database.db, { maxAgeSeconds: 1000, updateAgeSeconds: 100, now: () => clock });
    const token = await codec.encode({ token: { sub: userId } });
    const [row] = await database.db.select().from(sessions).where(eq(sessions.sessionToken, hashSessionToken(token)));
    expect(row).toMatchObject({ userId, expires: new Date("2030-01-01T00:16:40Z") });

    const decoded = await codec.decode({ token });
    expect(decoded).toMatchObject({ sub: userId, email: "ann@example.com", sessionToken: token });

    // Re-encoding an existing session keeps its token and slides the expiry once updateAge has passed.
    clock = new Date("2030-01-01T00:05:00Z");
    expect(await codec.encode({ token: decoded! })).toBe(token);
    const [extended] = await database.db.select().from(sessions).where(eq(sessions.sessionToken, hashSessionToken(token)));
    expect(extended!.expires).toEqual(new Date("2030-01-01T00:21:40Z"));

    await codec.revoke(token);
    expect(await codec.decode({ token })).toBeNull();
    expect(await codec.encode({ token: decoded! })).toBe("");

    const second = await codec.encode({ token: { sub: userId } });
    clock = new Date("2030-01-02T00:00:00Z");
    expect(await codec.decode({ token: second })).toBeNull();
    expect(await database.db.select().from(sessions).where(eq(sessions.sessionToken, hashSessionToken(second)))).toEqual([]);
    expect(await codec.decode({ token: "unknown-token" })).toBeNull();
  });
});

describe("resolveAuthSecret", () => {
  it("prefers AUTH_SECRET, else generates once and persists", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-secret-"));
    try {
      expect(resolveAuthSecret(dir, { AUTH_SECRET: "from-env" })).toBe("from-env");
      const first = resolveAuthSecret(dir, {});
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(resolveAuthSecret(dir, {})).toBe(first);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
