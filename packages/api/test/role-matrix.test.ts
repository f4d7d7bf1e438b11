import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { annotations, exportJobs, images, invitations, memberships, modelVersions, type ModelMetrics } from "@clickloop/db";
import { encodeMaskRle } from "../src/services/annotation-mask";
import { appRouter } from "../src/root";
import type { ApiMeta, ProcedureRole } from "../src/trpc";
import { hashInvitationToken, newInvitationToken } from "../src/services/invitation-token";
import { ingestImage } from "../src/services/ingest";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

const CALLERS = ["anonymous", "annotator", "lead", "admin", "instanceAdmin", "otherProjectAdmin"] as const;
type CallerName = (typeof CALLERS)[number];
type Outcome = "ok" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

interface Fixture {
  h: ApiHarness;
  projectId: string;
  imageId: string;
  userIds: Record<Exclude<CallerName, "anonymous">, string>;
  unique(): number;
}

interface Entry {
  role: ProcedureRole;
  input(fx: Fixture): Promise<unknown>;
  /** What callers who pass the access check get (default "ok"). */
  whenAllowed?: Outcome;
}

async function pendingInvitation(fx: Fixture): Promise<{ token: string; id: string }> {
  const token = newInvitationToken();
  const [row] = await fx.h.deps.db
    .insert(invitations)
    .values({
      projectId: fx.projectId,
      email: `invitee${fx.unique()}@example.com`,
      role: "annotator",
      tokenHash: hashInvitationToken(token),
      expiresAt: new Date(Date.now() + 3600_000),
    })
    .returning();
  return { token, id: row!.id };
}

async function freshMember(fx: Fixture): Promise<string> {
  const user = await fx.h.createUser(`member${fx.unique()}@example.com`);
  await fx.h.deps.db.insert(memberships).values({ projectId: fx.projectId, userId: user.id, role: "annotator" });
  return user.id;
}

async function freshImage(fx: Fixture): Promise<string> {
  const { image } = await ingestImage(fx.h.deps, {
    projectId: fx.projectId,
    uploadedBy: null,
    fileName: "x.png",
    bytes: await makeImage(10_000 + fx.unique()),
  });
  return image.id;
}

async function annotationWrite(fx: Fixture, imageId: string) {
  const [image] = await fx.h.deps.db.select().from(images).where(eq(images.id, imageId));
  const mask = encodeMaskRle(Uint8Array.from({ length: image!.width * image!.height }, (_, i) => (i % 3 === 0 ? 1 : 0)), image!.width, image!.height);
  return { projectId: fx.projectId, imageId, expectedVersion: null, mask, clicks: [], box: null, modelVersionId: "base", modelSha256: null, timeSpentMs: 0, clickCount: 0 };
}

const NO_METRICS: ModelMetrics = { n: 0, byClicks: [], noc85: { mean: null, std: null }, noc90: { mean: null, std: null } };

/** A stored model version (files need not exist for the access checks). */
async function freshVersion(fx: Fixture, status: "deployed" | "rejected"): Promise<string> {
  const n = fx.unique();
  const sha = n.toString(16).padStart(64, "0");
  if (status === "deployed") await fx.h.deps.db.update(modelVersions).set({ status: "retired" }).where(and(eq(modelVersions.projectId, fx.projectId), eq(modelVersions.status, "deployed")));
  const [row] = await fx.h.deps.db
    .insert(modelVersions)
    .values({ projectId: fx.projectId, number: n, status, sha256: sha, artifactKey: `m/${sha}.onnx`, weightsKey: `m/${sha}.bin`, lambda: 1, mu: 1, metrics: NO_METRICS, deployedAt: new Date() })
    .returning();
  return row!.id;
}

/** A submitted annotation waiting for review. */
async function queuedExport(fx: Fixture): Promise<string> {
  const [row] = await fx.h.deps.db.insert(exportJobs).values({ projectId: fx.projectId, format: "png", filter: { acceptedOnly: true, from: null, to: null, annotatorId: null } }).returning();
  return row!.id;
}

async function submittedAnnotation(fx: Fixture): Promise<string> {
  const [row] = await fx.h.deps.db
    .insert(annotations)
    .values({ projectId: fx.projectId, imageId: await freshImage(fx), annotatorId: fx.userIds.annotator, status: "submitted", submittedAt: new Date() })
    .returning();
  return row!.id;
}

/** Every procedure of appRouter must be listed here. */
const MATRIX: Record<string, Entry> = {
  "auth.status": { role: "public", input: async () => undefined },
  "auth.registerFirstAdmin": {
    role: "public",
    input: async (fx) => ({ email: `first${fx.unique()}@example.com`, name: "First", password: "password123" }),
    whenAllowed: "CONFLICT", // the instance already has users
  },
  "auth.me": { role: "user", input: async () => undefined },
  "invitation.byToken": { role: "public", input: async (fx) => ({ token: (await pendingInvitation(fx)).token }) },
  "invitation.accept": {
    role: "public",
    input: async (fx) => ({ token: (await pendingInvitation(fx)).token, name: "New Person", password: "password123" }),
  },
  "invitation.create": {
    role: "lead",
    input: async (fx) => ({ projectId: fx.projectId, email: `new${fx.unique()}@example.com`, role: "annotator" }),
  },
  "invitation.list": { role: "lead", input: async (fx) => ({ projectId: fx.projectId }) },
  "invitation.revoke": { role: "lead", input: async (fx) => ({ projectId: fx.projectId, invitationId: (await pendingInvitation(fx)).id }) },
  "project.list": { role: "user", input: async () => undefined },
  "project.create": { role: "instanceAdmin", input: async (fx) => ({ name: `P${fx.unique()}`, targetLabel: "lesion" }) },
  "project.byId": { role: "annotator", input: async (fx) => ({ projectId: fx.projectId }) },
  "project.update": { role: "admin", input: async (fx) => ({ projectId: fx.projectId, description: `d${fx.unique()}` }) },
  "member.list": { role: "annotator", input: async (fx) => ({ projectId: fx.projectId }) },
  "member.updateRole": { role: "admin", input: async (fx) => ({ projectId: fx.projectId, userId: await freshMember(fx), role: "lead" }) },
  "member.remove": { role: "admin", input: async (fx) => ({ projectId: fx.projectId, userId: await freshMember(fx) }) },
  "image.list": { role: "annotator", input: async (fx) => ({ projectId: fx.projectId, limit: 10 }) },
  "image.byId": { role: "annotator", input: async (fx) => ({ projectId: fx.projectId, imageId: fx.imageId }) },
  "image.delete": { role: "lead", input: async (fx) => ({ projectId: fx.projectId, imageId: await freshImage(fx) }) },
  "audit.list": { role: "lead", input: async (fx) => ({ projectId: fx.projectId }) },
  "queue.next": { role: "annotator", input: async (fx) => ({ projectId: fx.projectId }) },
  "queue.renew": { role: "annotator", input: async (fx) => ({ projectId: fx.projectId, imageId: await freshImage(fx) }), whenAllowed: "CONFLICT" },
  "queue.release": { role: "annotator", input: async (fx) => ({ projectId: fx.projectId, imageId: fx.imageId }) },
  "annotation.get": { role: "annotator", input: async (fx) => ({ projectId: fx.projectId, imageId: fx.imageId }) },
  "annotation.saveDraft": { role: "annotator", input: async (fx) => annotationWrite(fx, fx.imageId) },
  "annotation.submit": { role: "annotator", input: async (fx) => annotationWrite(fx, await freshImage(fx)) },
  "annotation.skip": { role: "annotator", input: async (fx) => ({ ...(await annotationWrite(fx, await freshImage(fx))), reason: "no lesion" }) },
  "model.deployed": { role: "annotator", input: async (fx) => ({ projectId: fx.projectId }) },
  "model.versions": { role: "lead", input: async (fx) => ({ projectId: fx.projectId }) },
  "model.promote": { role: "admin", input: async (fx) => ({ projectId: fx.projectId, versionId: await freshVersion(fx, "rejected") }) },
  "model.rollback": { role: "admin", input: async (fx) => ({ projectId: fx.projectId, _: await freshVersion(fx, "deployed") }) },
  "training.start": { role: "admin", input: async (fx) => ({ projectId: fx.projectId }) },
  "training.cancel": { role: "admin", input: async (fx) => ({ projectId: fx.projectId }) },
  "training.status": { role: "lead", input: async (fx) => ({ projectId: fx.projectId }) },
  "training.list": { role: "lead", input: async (fx) => ({ projectId: fx.projectId }) },
  "review.list": { role: "lead", input: async (fx) => ({ projectId: fx.projectId }) },
  "review.item": { role: "lead", input: async (fx) => ({ projectId: fx.projectId, annotationId: await submittedAnnotation(fx) }) },
  "review.backlog": { role: "lead", input: async (fx) => ({ projectId: fx.projectId }) },
  "dashboard.summary": { role: "lead", input: async (fx) => ({ projectId: fx.projectId }) },
  "export.create": { role: "lead", input: async (fx) => ({ projectId: fx.projectId, format: "png", filter: { acceptedOnly: true } }) },
  "export.list": { role: "lead", input: async (fx) => ({ projectId: fx.projectId }) },
  "export.get": { role: "lead", input: async (fx) => ({ projectId: fx.projectId, exportId: await queuedExport(fx) }), whenAllowed: "ok" },
  "review.accept": { role: "lead", input: async (fx) => ({ projectId: fx.projectId, annotationId: await submittedAnnotation(fx) }) },
  "review.reject": { role: "lead", input: async (fx) => ({ projectId: fx.projectId, annotationId: await submittedAnnotation(fx), reason: "wrong structure" }) },
};

const RANK: Record<string, number> = { annotator: 0, lead: 1, admin: 2 };

function expectedOutcome(role: ProcedureRole, caller: CallerName, whenAllowed: Outcome): Outcome {
  if (role === "public") return whenAllowed;
  if (caller === "anonymous") return "UNAUTHORIZED";
  if (role === "user") return whenAllowed;
  if (role === "instanceAdmin") return caller === "instanceAdmin" ? whenAllowed : "FORBIDDEN";
  if (caller === "otherProjectAdmin") return "NOT_FOUND"; // no existence leak
  const callerRank = caller === "instanceAdmin" ? RANK.admin! : RANK[caller]!;
  return callerRank >= RANK[role]! ? whenAllowed : "FORBIDDEN";
}

function procedurePaths(): string[] {
  return Object.keys(appRouter._def.procedures).sort();
}

describe("role matrix", () => {
  let fx: Fixture;

  beforeAll(async () => {
    const h = await createApiHarness();
    const ids = {
      annotator: (await h.createUser("annotator@example.com")).id,
      lead: (await h.createUser("lead@example.com")).id,
      admin: (await h.createUser("admin@example.com")).id,
      instanceAdmin: (await h.createUser("root@example.com", { isInstanceAdmin: true })).id,
      otherProjectAdmin: (await h.createUser("other@example.com")).id,
    };
    const projectId = await h.createProject("A", { [ids.annotator]: "annotator", [ids.lead]: "lead", [ids.admin]: "admin" });
    await h.createProject("B", { [ids.otherProjectAdmin]: "admin" });
    let counter = 0;
    fx = { h, projectId, imageId: "", userIds: ids, unique: () => ++counter };
    fx.imageId = await freshImage(fx);
  });
  afterAll(async () => {
    await fx.h.cleanup();
  });

  it("lists every procedure of appRouter, with the role its meta declares", () => {
    const paths = procedurePaths();
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => !(p in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((p) => !paths.includes(p))).toEqual([]);
    for (const path of paths) {
      const procedure = (appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ApiMeta } }>)[path]!;
      expect({ path, role: procedure._def.meta?.role }).toEqual({ path, role: MATRIX[path]!.role });
    }
  });

  it.each(procedurePaths())("%s: allowed and refused callers", async (path) => {
    const entry = MATRIX[path];
    expect(entry, `${path} is missing from the role matrix`).toBeDefined();
    for (const caller of CALLERS) {
      const expected = expectedOutcome(entry!.role, caller, entry!.whenAllowed ?? "ok");
      const trpc = await fx.h.callerFor(caller === "anonymous" ? null : fx.userIds[caller]);
      const [namespace, name] = path.split(".") as [string, string];
      const fn = (trpc as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[namespace]![name]!;
      let outcome: Outcome | string = "ok";
      try {
        await fn(await entry!.input(fx));
      } catch (error) {
        outcome = error instanceof TRPCError ? error.code : String(error);
      }
      expect({ path, caller, outcome }).toEqual({ path, caller, outcome: expected });
    }
  });
});
