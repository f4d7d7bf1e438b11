import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { invitations } from "@clickloop/db";
import { authorizeCredentials } from "@clickloop/auth/core";
import { hashInvitationToken } from "../src/services/invitation-token";
import { codeOf, createApiHarness, type ApiHarness } from "./helpers";

describe("invitation flow", () => {
  let h: ApiHarness;
  let projectId: string;
  let leadId: string;

  beforeAll(async () => {
    h = await createApiHarness();
    const admin = await h.createUser("admin@example.com");
    leadId = (await h.createUser("lead@example.com")).id;
    projectId = await h.createProject("Thyroid", { [admin.id]: "admin", [leadId]: "lead" });
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it("create → byToken → accept → the new member can sign in and list the project", async () => {
    const lead = await h.callerFor(leadId);
    const created = await lead.invitation.create({ projectId, email: "New.Person@Example.com", role: "annotator" });
    expect(created.url).toBe(`http://clickloop.test/invite/${created.token}`);
    // Only the hash is stored.
    const [stored] = await h.deps.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(stored!.tokenHash).toBe(hashInvitationToken(created.token));
    expect(stored!.tokenHash).not.toContain(created.token);

    const anonymous = await h.callerFor(null);
    const preview = await anonymous.invitation.byToken({ token: created.token });
    expect(preview).toMatchObject({ projectId, projectName: "Thyroid", role: "annotator", email: "new.person@example.com", accountExists: false });

    const accepted = await anonymous.invitation.accept({ token: created.token, name: "New Person", password: "a good password" });
    expect(await authorizeCredentials(h.deps.db, { email: "new.person@example.com", password: "a good password" })).toMatchObject({
      id: accepted.userId,
    });
    const member = await h.callerFor(accepted.userId);
    expect((await member.project.list()).map((p) => ({ id: p.id, role: p.role }))).toEqual([{ id: projectId, role: "annotator" }]);
    expect((await lead.invitation.list({ projectId })).find((i) => i.id === created.id)?.status).toBe("accepted");
    const audit = await lead.audit.list({ projectId });
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(["invitation.created", "invitation.accepted"]));

    // Reuse is refused.
    expect(await codeOf(anonymous.invitation.accept({ token: created.token, name: "Again", password: "a good password" }))).toBe("BAD_REQUEST");
    expect(await codeOf(anonymous.invitation.byToken({ token: created.token }))).toBe("BAD_REQUEST");
  });

  it("refuses revoked, expired and unknown tokens", async () => {
    const lead = await h.callerFor(leadId);
    const anonymous = await h.callerFor(null);
    const revoked = await lead.invitation.create({ projectId, email: "r@example.com", role: "lead" });
    await lead.invitation.revoke({ projectId, invitationId: revoked.id });
    expect(await codeOf(anonymous.invitation.accept({ token: revoked.token, name: "R", password: "password123" }))).toBe("BAD_REQUEST");
    expect(await codeOf(lead.invitation.revoke({ projectId, invitationId: revoked.id }))).toBe("NOT_FOUND");

    const expired = await lead.invitation.create({ projectId, email: "e@example.com", role: "annotator" });
    await h.deps.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.id));
    expect(await codeOf(anonymous.invitation.byToken({ token: expired.token }))).toBe("BAD_REQUEST");
    expect(await codeOf(anonymous.invitation.accept({ token: expired.token, name: "E", password: "password123" }))).toBe("BAD_REQUEST");
    expect((await lead.invitation.list({ projectId })).find((i) => i.id === expired.id)?.status).toBe("expired");

    expect(await codeOf(anonymous.invitation.byToken({ token: "x".repeat(43) }))).toBe("NOT_FOUND");
  });

  it("leads cannot invite admins; an existing account must prove its password", async () => {
    const lead = await h.callerFor(leadId);
    expect(await codeOf(lead.invitation.create({ projectId, email: "boss@example.com", role: "admin" }))).toBe("FORBIDDEN");

    await h.createUser("existing@example.com", { password: "existing password" });
    const invite = await lead.invitation.create({ projectId, email: "existing@example.com", role: "annotator" });
    const anonymous = await h.callerFor(null);
    expect((await anonymous.invitation.byToken({ token: invite.token })).accountExists).toBe(true);
    expect(await codeOf(anonymous.invitation.accept({ token: invite.token, name: "X", password: "not the password" }))).toBe("BAD_REQUEST");
    const ok = await anonymous.invitation.accept({ token: invite.token, name: "X", password: "existing password" });
    expect((await (await h.callerFor(ok.userId)).member.list({ projectId })).some((m) => m.userId === ok.userId)).toBe(true);
  });
});

describe("members and first admin", () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness();
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it("registers the first admin once, who can create projects; the last admin stays", async () => {
    const anonymous = await h.callerFor(null);
    expect(await anonymous.auth.status()).toEqual({ hasUsers: false });
    const first = await anonymous.auth.registerFirstAdmin({ email: "Root@Example.com", name: "Root", password: "password123" });
    expect(await anonymous.auth.status()).toEqual({ hasUsers: true });
    expect(await codeOf(anonymous.auth.registerFirstAdmin({ email: "b@example.com", name: "B", password: "password123" }))).toBe("CONFLICT");

    const root = await h.callerFor(first.id);
    expect(await root.auth.me()).toMatchObject({ email: "root@example.com", isInstanceAdmin: true });
    const project = await root.project.create({ name: "Breast", targetLabel: "lesion", description: "" });
    expect(project.settings).toEqual({ requireReview: false, autoTrainThreshold: 20 });
    const updated = await root.project.update({ projectId: project.id, settings: { requireReview: true } });
    expect(updated.settings).toEqual({ requireReview: true, autoTrainThreshold: 20 });

    expect(await codeOf(root.member.updateRole({ projectId: project.id, userId: first.id, role: "lead" }))).toBe("CONFLICT");
    expect(await codeOf(root.member.remove({ projectId: project.id, userId: first.id }))).toBe("CONFLICT");
    const second = await h.createUser("second@example.com");
    const invite = await root.invitation.create({ projectId: project.id, email: "second@example.com", role: "admin" });
    await anonymous.invitation.accept({ token: invite.token, name: "Second", password: "correct horse battery" });
    await root.member.updateRole({ projectId: project.id, userId: first.id, role: "lead" });
    expect((await root.member.list({ projectId: project.id })).map((m) => [m.email, m.role])).toEqual([
      ["root@example.com", "lead"],
      ["second@example.com", "admin"],
    ]);
    expect(second.id).toBeTruthy();
  });
});
