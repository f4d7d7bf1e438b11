// Password change, sign out everywhere, disabling accounts, and invitation.accept throttled
// like sign-in (it would otherwise answer "is this password right?" without limit).
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { sessions, users } from "@clickloop/db";
import { createDbSessionCodec, THROTTLE_RULES, verifyPassword } from "@clickloop/auth/core";
import { createApiHarness, type ApiHarness } from "./helpers";

async function errorCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof TRPCError ? error.code : `no TRPCError: ${String(error)}`;
}

describe("account security", () => {
  let h: ApiHarness;
  let rootId: string;
  let seq = 0;

  beforeAll(async () => {
    h = await createApiHarness();
    rootId = (await h.createUser("root@example.com", { isInstanceAdmin: true })).id;
  });
  afterAll(async () => h?.cleanup());

  const newUser = async () => h.createUser(`user${++seq}@example.com`);
  const sessionsOf = (userId: string) => h.deps.db.select().from(sessions).where(eq(sessions.userId, userId));
  const codec = () => createDbSessionCodec(h.deps.db);

  it("changes the password only with the current one, and ends every session", async () => {
    const u = await newUser();
    await codec().encode({ token: { sub: u.id } });
    await codec().encode({ token: { sub: u.id } });
    const caller = await h.callerFor(u.id);
    expect(await errorCode(caller.auth.changePassword({ currentPassword: "wrong", newPassword: "brand new password" }))).toBe("BAD_REQUEST");
    expect(await sessionsOf(u.id)).toHaveLength(2);
    expect(await caller.auth.changePassword({ currentPassword: "correct horse battery", newPassword: "brand new password" })).toEqual({ signedOut: true });
    expect(await sessionsOf(u.id)).toEqual([]);
    const [row] = await h.deps.db.select().from(users).where(eq(users.id, u.id));
    expect(await verifyPassword("brand new password", row!.passwordHash)).toBe(true);
    expect(await errorCode(caller.auth.changePassword({ currentPassword: "brand new password", newPassword: "short" }))).toBe("BAD_REQUEST");
  });

  it("signs out everywhere", async () => {
    const u = await newUser();
    const tokens = [await codec().encode({ token: { sub: u.id } }), await codec().encode({ token: { sub: u.id } })];
    expect(await (await h.callerFor(u.id)).auth.signOutEverywhere()).toEqual({ sessions: 2 });
    for (const token of tokens) expect(await codec().decode({ token })).toBeNull();
  });

  it("an instance admin disables and re-enables an account; a disabled account's live session is refused at once", async () => {
    const u = await newUser();
    const token = await codec().encode({ token: { sub: u.id } });
    const root = await h.callerFor(rootId);
    expect(await errorCode(root.user.setDisabled({ userId: rootId, disabled: true }))).toBe("CONFLICT");
    await root.user.setDisabled({ userId: u.id, disabled: true });
    expect(await codec().decode({ token })).toBeNull();
    expect(await sessionsOf(u.id)).toEqual([]);
    // Even a context built from a stale session id no longer sees a user.
    expect(await errorCode((await h.callerFor(u.id)).auth.me())).toBe("UNAUTHORIZED");
    expect((await root.user.list()).find((x) => x.id === u.id)?.disabledAt).toBeInstanceOf(Date);
    await root.user.setDisabled({ userId: u.id, disabled: false });
    expect(await (await h.callerFor(u.id)).auth.me()).toMatchObject({ id: u.id });
    expect(await errorCode((await h.callerFor(u.id)).user.setDisabled({ userId: rootId, disabled: true }))).toBe("FORBIDDEN");
  });

  it("throttles invitation.accept's password check for an existing account", async () => {
    const adminId = (await newUser()).id;
    const projectId = await h.createProject(`Invite${seq}`, { [adminId]: "admin" });
    const victim = await newUser();
    const admin = await h.callerFor(adminId);
    const invite = await admin.invitation.create({ projectId, email: victim.email, role: "annotator" });
    const anonymous = await h.callerFor(null);
    for (let i = 0; i < THROTTLE_RULES.account.limit; i++) {
      expect(await errorCode(anonymous.invitation.accept({ token: invite.token, name: "V", password: `wrong guess ${i}` }))).toBe("BAD_REQUEST");
    }
    // Blocked now: even the right password is not checked.
    expect(await errorCode(anonymous.invitation.accept({ token: invite.token, name: "V", password: "correct horse battery" }))).toBe("TOO_MANY_REQUESTS");
  });
});
