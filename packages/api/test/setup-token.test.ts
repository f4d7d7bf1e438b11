// With SETUP_TOKEN configured (docker compose requires it), the first account can only be
// created by someone who knows it: the first visitor of a fresh instance does not become admin.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@clickloop/db";
import { createCaller } from "../src/root";
import { createTRPCContext } from "../src/trpc";
import { createApiHarness, type ApiHarness } from "./helpers";

async function errorCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof TRPCError ? error.code : `no TRPCError: ${String(error)}`;
}

describe("first admin with a setup token", () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness();
  });
  afterAll(async () => h?.cleanup());

  const anonymous = async (setupToken: string | null) =>
    createCaller(await createTRPCContext({ headers: new Headers(), session: null, deps: { ...h.deps, config: { ...h.deps.config, setupToken } } }));
  const admin = { email: "root@example.com", name: "Root", password: "password123" };

  it("refuses a missing or wrong token, accepts the right one once", async () => {
    const caller = await anonymous("s3t-up-t0ken-0123456789");
    expect(await caller.auth.status()).toEqual({ hasUsers: false, setupTokenRequired: true });
    expect(await errorCode(caller.auth.registerFirstAdmin(admin))).toBe("FORBIDDEN");
    expect(await errorCode(caller.auth.registerFirstAdmin({ ...admin, setupToken: "guess" }))).toBe("FORBIDDEN");
    expect(await h.deps.db.select().from(users)).toEqual([]);
    expect((await caller.auth.registerFirstAdmin({ ...admin, setupToken: "s3t-up-t0ken-0123456789" })).email).toBe("root@example.com");
    expect(await errorCode(caller.auth.registerFirstAdmin({ ...admin, email: "b@example.com", setupToken: "s3t-up-t0ken-0123456789" }))).toBe("CONFLICT");
  });

  it("without a configured token (pnpm start seeds its own admin) no token is asked for", async () => {
    expect(await (await anonymous(null)).auth.status()).toEqual({ hasUsers: true, setupTokenRequired: false });
  });
});
