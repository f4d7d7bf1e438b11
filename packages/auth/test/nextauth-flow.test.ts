import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { NextAuthConfig } from "next-auth";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { sessions, users } from "@clickloop/db";
import { createAuthConfig } from "../src/config";
import { hashPassword } from "../src/password";
import { hashSessionToken } from "../src/db-sessions";

const BASE = "http://clickloop.test/api/auth";

type AuthHandler = (request: Request, config: NextAuthConfig) => Promise<Response>;

/**
 * Auth.js core as next-auth uses it. (next-auth's own entry imports `next/server`, which only
 * resolves inside Next's bundler, so the test drives the same core with the same config.)
 */
async function loadAuthCore(): Promise<AuthHandler> {
  const fromNextAuth = createRequire(fileURLToPath(import.meta.resolve("next-auth")));
  const core = (await import(pathToFileURL(fromNextAuth.resolve("@auth/core")).href)) as { Auth: AuthHandler };
  return core.Auth;
}

/** A tiny cookie jar over fetch-style Request/Response. */
class Jar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
  }
}

describe("Auth.js with credentials and database sessions", () => {
  let database: TestDatabase;
  let handle: (request: Request) => Promise<Response>;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [user] = await database.db
      .insert(users)
      .values({ email: "lead@example.com", name: "Lead", passwordHash: await hashPassword("open sesame 1") })
      .returning();
    userId = user!.id;
    const Auth = await loadAuthCore();
    // basePath as next-auth's setEnvDefaults sets it.
    const config: NextAuthConfig = { ...createAuthConfig({ db: database.db, secret: "test-secret-test-secret-test-secret" }), basePath: "/api/auth" };
    handle = (request) => Auth(request, config);
  });
  afterAll(async () => {
    await database.cleanup();
  });

  async function call(jar: Jar, method: "GET" | "POST", path: string, form?: Record<string, string>): Promise<Response> {
    const headers = new Headers({ cookie: jar.header() });
    if (form) headers.set("content-type", "application/x-www-form-urlencoded");
    const request = new Request(`${BASE}${path}`, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined });
    const response = await handle(request);
    jar.take(response);
    return response;
  }

  async function signIn(jar: Jar, password: string): Promise<Response> {
    const { csrfToken } = (await (await call(jar, "GET", "/csrf")).json()) as { csrfToken: string };
    return call(jar, "POST", "/callback/credentials", { csrfToken, email: "lead@example.com", password, callbackUrl: "/projects" });
  }

  it("signs in with a session row, reads it back, and signs out by deleting it", async () => {
    const jar = new Jar();
    const response = await signIn(jar, "open sesame 1");
    expect(response.status).toBe(302);
    const token = jar.cookies.get("authjs.session-token");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // an opaque id, not a JWT
    const [row] = await database.db.select().from(sessions).where(eq(sessions.sessionToken, hashSessionToken(token!)));
    expect(row?.userId).toBe(userId);

    const session = (await (await call(jar, "GET", "/session")).json()) as { user?: { id?: string; email?: string } } | null;
    expect(session?.user).toMatchObject({ id: userId, email: "lead@example.com" });

    const { csrfToken } = (await (await call(jar, "GET", "/csrf")).json()) as { csrfToken: string };
    await call(jar, "POST", "/signout", { csrfToken });
    expect(await database.db.select().from(sessions).where(eq(sessions.sessionToken, hashSessionToken(token!)))).toEqual([]);

    // The old cookie no longer works.
    const stale = new Jar();
    stale.cookies.set("authjs.session-token", token!);
    expect(await (await call(stale, "GET", "/session")).json()).toBeNull();
  });

  it("refuses a wrong password without creating a session", async () => {
    const before = await database.db.select().from(sessions);
    const jar = new Jar();
    const response = await signIn(jar, "wrong password");
    expect(response.headers.get("location")).toContain("error=CredentialsSignin");
    expect(jar.cookies.has("authjs.session-token")).toBe(false);
    expect(await database.db.select().from(sessions)).toHaveLength(before.length);
  });
});
