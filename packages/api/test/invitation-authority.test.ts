// An invitation carries its inviter's authority: a lead may invite annotators only, and a
// pending invitation dies when its inviter is removed or demoted below what it grants.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { invitations, memberships, users } from "@clickloop/db";
import { createApiHarness, type ApiHarness } from "./helpers";

async function errorCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof TRPCError ? error.code : `no TRPCError: ${String(error)}`;
}

describe("invitation authority", () => {
  let h: ApiHarness;
  let projectId: string;
  let adminId: string;
  let seq = 0;

  beforeAll(async () => {
    h = await createApiHarness();
    adminId = (await h.createUser("admin@example.com")).id;
    projectId = await h.createProject("Authority", { [adminId]: "admin" });
  });
  afterAll(async () => h?.cleanup());

  async function newLead(): Promise<string> {
    const id = (await h.createUser(`lead${++seq}@example.com`)).id;
    await h.deps.db.insert(memberships).values({ projectId, userId: id, role: "lead" });
    return id;
  }
  const statusOf = async (id: string) => (await (await h.callerFor(adminId)).invitation.list({ projectId })).find((i) => i.id === id)?.status;

  it("a lead may invite annotators, not leads or admins", async () => {
    const lead = await h.callerFor(await newLead());
    expect((await lead.invitation.create({ projectId, email: `a${++seq}@example.com`, role: "annotator" })).token).toBeTruthy();
    expect(await errorCode(lead.invitation.create({ projectId, email: `b${++seq}@example.com`, role: "lead" }))).toBe("FORBIDDEN");
    expect(await errorCode(lead.invitation.create({ projectId, email: `c${++seq}@example.com`, role: "admin" }))).toBe("FORBIDDEN");
    const admin = await h.callerFor(adminId);
    expect((await admin.invitation.create({ projectId, email: `d${++seq}@example.com`, role: "lead" })).token).toBeTruthy();
  });

  it("removing the inviter revokes their pending invitations; the link stops working", async () => {
    const leadId = await newLead();
    const invite = await (await h.callerFor(leadId)).invitation.create({ projectId, email: `e${++seq}@example.com`, role: "annotator" });
    await (await h.callerFor(adminId)).member.remove({ projectId, userId: leadId });
    expect(await statusOf(invite.id)).toBe("revoked");
    const anonymous = await h.callerFor(null);
    expect(await errorCode(anonymous.invitation.byToken({ token: invite.token }))).toBe("BAD_REQUEST");
    expect(await errorCode(anonymous.invitation.accept({ token: invite.token, name: "E", password: "password123" }))).toBe("BAD_REQUEST");
  });

  it("demoting the inviter below what an invitation grants revokes it; what they may still grant survives", async () => {
    const otherAdmin = (await h.createUser(`admin${++seq}@example.com`)).id;
    await h.deps.db.insert(memberships).values({ projectId, userId: otherAdmin, role: "admin" });
    const caller = await h.callerFor(otherAdmin);
    const asLead = await caller.invitation.create({ projectId, email: `f${++seq}@example.com`, role: "lead" });
    const asAnnotator = await caller.invitation.create({ projectId, email: `g${++seq}@example.com`, role: "annotator" });
    await (await h.callerFor(adminId)).member.updateRole({ projectId, userId: otherAdmin, role: "lead" });
    expect(await statusOf(asLead.id)).toBe("revoked");
    expect(await statusOf(asAnnotator.id)).toBe("pending");
    await (await h.callerFor(adminId)).member.updateRole({ projectId, userId: otherAdmin, role: "annotator" });
    expect(await statusOf(asAnnotator.id)).toBe("revoked");
  });

  it("an invitation whose inviter lost authority some other way (account deleted) is refused at accept", async () => {
    const doomed = await newLead();
    const invite = await (await h.callerFor(doomed)).invitation.create({ projectId, email: `h${++seq}@example.com`, role: "annotator" });
    await h.deps.db.delete(users).where(eq(users.id, doomed)); // memberships cascade; invited_by becomes null
    const [row] = await h.deps.db.select().from(invitations).where(eq(invitations.id, invite.id));
    expect(row!.invitedBy).toBeNull();
    const anonymous = await h.callerFor(null);
    expect(await errorCode(anonymous.invitation.accept({ token: invite.token, name: "H", password: "password123" }))).toBe("BAD_REQUEST");
  });
});
