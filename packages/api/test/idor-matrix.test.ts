// The real IDOR surface: a member of project A names A's own project id but an entity of
// project B (image, annotation, model version, training run, invitation, member). And a member
// removed from A whose session is still live. For every procedure and every route handler.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { annotations, exportJobs, imageLeases, images, invitations, memberships, modelVersions, trainingRuns, type ModelMetrics } from "@clickloop/db";
import { appRouter } from "../src/root";
import type { ApiMeta } from "../src/trpc";
import { encodeMaskRle } from "../src/services/annotation-mask";
import { hashInvitationToken, newInvitationToken } from "../src/services/invitation-token";
import { ingestImage } from "../src/services/ingest";
import { handleImageFile, handleImageUpload } from "../src/services/http";
import { handleModelFile } from "../src/models/serve";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

const NO_METRICS: ModelMetrics = { n: 0, byClicks: [], noc85: { mean: null, std: null }, noc90: { mean: null, std: null } };

interface World {
  h: ApiHarness;
  a: string;
  b: string;
  adminA: string;
  adminB: string;
  annotatorB: string;
  unique(): number;
}

async function image(w: World, projectId: string): Promise<{ id: string; width: number; height: number }> {
  const { image } = await ingestImage(w.h.deps, { projectId, uploadedBy: null, fileName: "i.png", bytes: await makeImage(20_000 + w.unique()) });
  return image;
}

async function write(w: World, projectId: string, imageId: string) {
  const [row] = await w.h.deps.db.select().from(images).where(eq(images.id, imageId));
  const mask = encodeMaskRle(Uint8Array.from({ length: row!.width * row!.height }, (_, i) => (i % 2 ? 1 : 0)), row!.width, row!.height);
  return { projectId, imageId, expectedVersion: null, mask, clicks: [], box: null, modelVersionId: "base", modelSha256: null, timeSpentMs: 0, clickCount: 0 };
}

async function submittedInB(w: World): Promise<string> {
  const img = await image(w, w.b);
  const [row] = await w.h.deps.db
    .insert(annotations)
    .values({ projectId: w.b, imageId: img.id, annotatorId: w.annotatorB, status: "submitted", submittedAt: new Date() })
    .returning();
  return row!.id;
}

async function versionInB(w: World): Promise<string> {
  const n = w.unique();
  const sha = (1_000_000 + n).toString(16).padStart(64, "0");
  const [row] = await w.h.deps.db
    .insert(modelVersions)
    .values({ projectId: w.b, number: n, status: "rejected", sha256: sha, artifactKey: `m/${sha}.onnx`, weightsKey: `m/${sha}.bin`, lambda: 1, mu: 1, metrics: NO_METRICS })
    .returning();
  return row!.id;
}

/**
 * For every procedure: input naming project A with an entity of project B, or null when the
 * procedure takes no entity id (its project scoping is the role matrix's business).
 */
const FOREIGN: Record<string, ((w: World) => Promise<unknown>) | null> = {
  "auth.status": null,
  "auth.registerFirstAdmin": null,
  "auth.me": null,
  "auth.changePassword": null,
  "auth.signOutEverywhere": null,
  "user.list": null,
  "user.setDisabled": null, // instance admins only: instance-wide by design
  "invitation.byToken": null, // the token is the capability
  "invitation.accept": null,
  "invitation.create": null,
  "invitation.list": null,
  "invitation.revoke": async (w) => {
    const [row] = await w.h.deps.db
      .insert(invitations)
      .values({ projectId: w.b, email: `x${w.unique()}@example.com`, role: "annotator", invitedBy: w.adminB, tokenHash: hashInvitationToken(newInvitationToken()), expiresAt: new Date(Date.now() + 3600_000) })
      .returning();
    return { projectId: w.a, invitationId: row!.id };
  },
  "project.list": null,
  "project.create": null,
  "project.byId": null,
  "project.update": null,
  "member.list": null,
  "member.updateRole": async (w) => ({ projectId: w.a, userId: w.annotatorB, role: "lead" }),
  "member.remove": async (w) => ({ projectId: w.a, userId: w.annotatorB }),
  "image.list": null,
  "image.byId": async (w) => ({ projectId: w.a, imageId: (await image(w, w.b)).id }),
  "image.delete": async (w) => ({ projectId: w.a, imageId: (await image(w, w.b)).id }),
  "audit.list": null,
  "queue.next": null,
  "queue.renew": async (w) => {
    const img = await image(w, w.b);
    await w.h.deps.db.insert(imageLeases).values({ imageId: img.id, projectId: w.b, userId: w.annotatorB, expiresAt: new Date(Date.now() + 600_000) });
    return { projectId: w.a, imageId: img.id };
  },
  "queue.release": async (w) => {
    const img = await image(w, w.b);
    await w.h.deps.db.insert(imageLeases).values({ imageId: img.id, projectId: w.b, userId: w.annotatorB, expiresAt: new Date(Date.now() + 600_000) });
    return { projectId: w.a, imageId: img.id };
  },
  "annotation.get": async (w) => ({ projectId: w.a, imageId: (await image(w, w.b)).id }),
  "annotation.saveDraft": async (w) => write(w, w.a, (await image(w, w.b)).id),
  "annotation.submit": async (w) => write(w, w.a, (await image(w, w.b)).id),
  "annotation.skip": async (w) => ({ ...(await write(w, w.a, (await image(w, w.b)).id)), reason: "x" }),
  "annotation.unskip": async (w) => {
    const img = await image(w, w.b);
    await w.h.deps.db.update(images).set({ status: "skipped" }).where(eq(images.id, img.id));
    return { projectId: w.a, imageId: img.id };
  },
  "model.deployed": null,
  "model.versions": null,
  "model.promote": async (w) => ({ projectId: w.a, versionId: await versionInB(w) }),
  "model.rollback": null,
  "training.start": null,
  "training.cancel": null,
  "training.status": async (w) => {
    const [run] = await w.h.deps.db.insert(trainingRuns).values({ projectId: w.b, status: "succeeded", trigger: "manual" }).returning();
    return { projectId: w.a, runId: run!.id };
  },
  "training.list": null,
  "review.list": null,
  "review.backlog": null,
  "review.item": async (w) => ({ projectId: w.a, annotationId: await submittedInB(w) }),
  "dashboard.summary": null,
  "export.create": null,
  "export.list": null,
  "scoring.status": null,
  "export.get": async (w) => {
    const [job] = await w.h.deps.db
      .insert(exportJobs)
      .values({ projectId: w.b, requestedBy: w.adminB, format: "png", filter: { acceptedOnly: true, from: null, to: null, annotatorId: null } })
      .returning();
    return { projectId: w.a, exportId: job!.id };
  },
  "review.accept": async (w) => ({ projectId: w.a, annotationId: await submittedInB(w) }),
  "review.reject": async (w) => ({ projectId: w.a, annotationId: await submittedInB(w), reason: "wrong" }),
};

type Procedure = (input: unknown) => Promise<unknown>;
function procedure(caller: unknown, path: string): Procedure {
  const [namespace, name] = path.split(".") as [string, string];
  return (caller as Record<string, Record<string, Procedure>>)[namespace]![name]!;
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

const paths = () => Object.keys(appRouter._def.procedures).sort();
const roleOf = (path: string) => (appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ApiMeta } }>)[path]!._def.meta!.role;

describe("IDOR: own project id, foreign entity id", () => {
  let w: World;

  beforeAll(async () => {
    const h = await createApiHarness();
    const adminA = (await h.createUser("admin-a@example.com")).id;
    const adminB = (await h.createUser("admin-b@example.com")).id;
    const annotatorB = (await h.createUser("annotator-b@example.com")).id;
    const a = await h.createProject("A", { [adminA]: "admin" });
    const b = await h.createProject("B", { [adminB]: "admin", [annotatorB]: "annotator" });
    let n = 0;
    w = { h, a, b, adminA, adminB, annotatorB, unique: () => ++n };
  });
  afterAll(async () => w?.h.cleanup());

  it("has an entry for every procedure", () => {
    expect(paths().filter((p) => !(p in FOREIGN))).toEqual([]);
    expect(Object.keys(FOREIGN).filter((p) => !paths().includes(p))).toEqual([]);
  });

  it.each(paths().filter((p) => FOREIGN[p]))("%s: project A's admin cannot reach project B's entity", async (path) => {
    const before = await snapshotB(w);
    let result: string;
    try {
      const value = await procedure(await w.h.callerFor(w.adminA), path)(await FOREIGN[path]!(w));
      // Answering "nothing of yours here" is fine (annotation.get → null, queue.release → {released: false});
      // returning anything of B's entity is not.
      const nothing = value === null || value === false || JSON.stringify(value) === JSON.stringify({ released: false });
      result = nothing ? "nothing" : `returned ${JSON.stringify(value).slice(0, 200)}`;
    } catch (error) {
      result = error instanceof TRPCError ? error.code : String(error);
    }
    // NOT_FOUND, a bad request (writes validate the image first), a conflict (not your lease), or nothing.
    expect({ path, result }).toEqual({ path, result: expect.stringMatching(/^(NOT_FOUND|BAD_REQUEST|CONFLICT|nothing)$/) });
    const after = await snapshotB(w);
    expect(after.changed(before), `${path} changed project B`).toEqual([]);
  });

  it("route handlers: files, thumbnails, embeddings and model artifacts of B are 404 for A's admin", async () => {
    const img = await image(w, w.b);
    for (const kind of ["file", "thumbnail", "embedding"] as const) {
      const response = await handleImageFile(new Request(`http://clickloop.test/api/images/${img.id}/${kind}`), img.id, kind, { id: w.adminA }, { deps: w.h.deps });
      expect({ kind, status: response.status }).toEqual({ kind, status: 404 });
    }
    const versionId = await versionInB(w);
    for (const file of ["decoder.onnx", "decoder-multimask.onnx"]) {
      const response = await handleModelFile(new Request(`http://clickloop.test/api/models/${versionId}/${file}`), versionId, file, async () => ({ id: w.adminA }), { deps: w.h.deps });
      expect({ file, status: response.status }).toEqual({ file, status: 404 });
    }
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(await makeImage(31_337))]), "x.png");
    const upload = await handleImageUpload(new Request(`http://clickloop.test/api/projects/${w.b}/images`, { method: "POST", body: form }), w.b, { id: w.adminA }, { deps: w.h.deps });
    expect(upload.status).toBe(404);
  });
});

/** Row counts and versions of project B, to prove a refused call changed nothing. */
async function snapshotB(w: World) {
  const db = w.h.deps.db;
  const state = {
    images: (await db.select({ id: images.id, status: images.status }).from(images).where(eq(images.projectId, w.b))).map((r) => `${r.id}:${r.status}`).sort(),
    annotations: (await db.select({ id: annotations.id, status: annotations.status, version: annotations.version }).from(annotations).where(eq(annotations.projectId, w.b)))
      .map((r) => `${r.id}:${r.status}:${r.version}`)
      .sort(),
    members: (await db.select({ userId: memberships.userId, role: memberships.role }).from(memberships).where(eq(memberships.projectId, w.b))).map((r) => `${r.userId}:${r.role}`).sort(),
    leases: (await db.select({ imageId: imageLeases.imageId, userId: imageLeases.userId }).from(imageLeases).where(eq(imageLeases.projectId, w.b))).map((r) => `${r.imageId}:${r.userId}`).sort(),
    versions: (await db.select({ id: modelVersions.id, status: modelVersions.status }).from(modelVersions).where(eq(modelVersions.projectId, w.b))).map((r) => `${r.id}:${r.status}`).sort(),
    invitations: (await db.select({ id: invitations.id, revokedAt: invitations.revokedAt }).from(invitations).where(eq(invitations.projectId, w.b))).map((r) => `${r.id}:${r.revokedAt?.toISOString() ?? "-"}`).sort(),
  };
  return {
    ...state,
    /** Keys whose rows that existed in `earlier` changed or vanished (new fixture rows are fine). */
    changed(earlier: typeof state): string[] {
      return (Object.keys(state) as (keyof typeof state)[]).filter((key) => earlier[key].some((row) => !state[key].includes(row)));
    },
  };
}

describe("a member removed from the project, session still live", () => {
  let h: ApiHarness;
  let projectId: string;
  let removedId: string;
  let fixtures: { imageId: string; versionId: string; annotationId: string; runId: string };

  beforeAll(async () => {
    h = await createApiHarness();
    const adminId = (await h.createUser("admin@example.com")).id;
    removedId = (await h.createUser("removed@example.com")).id;
    projectId = await h.createProject("P", { [adminId]: "admin", [removedId]: "admin" });
    const { image: img } = await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: "p.png", bytes: await makeImage(40_001) });
    const [version] = await h.deps.db
      .insert(modelVersions)
      .values({ projectId, number: 1, status: "rejected", sha256: "e".repeat(64), artifactKey: "m/e.onnx", weightsKey: "m/e.bin", lambda: 1, mu: 1, metrics: NO_METRICS })
      .returning();
    const [annotation] = await h.deps.db.insert(annotations).values({ projectId, imageId: img.id, annotatorId: adminId, status: "submitted", submittedAt: new Date() }).returning();
    const [run] = await h.deps.db.insert(trainingRuns).values({ projectId, status: "succeeded", trigger: "manual" }).returning();
    fixtures = { imageId: img.id, versionId: version!.id, annotationId: annotation!.id, runId: run!.id };
  });
  afterAll(async () => h?.cleanup());

  it("every project procedure answers NOT_FOUND and every route handler 404 once the membership is gone", async () => {
    // The caller (context with a live session) exists before the removal, as a browser tab would.
    const caller = await h.callerFor(removedId);
    expect(await outcome(caller.project.byId({ projectId }))).toBe("ok");
    await h.deps.db.delete(memberships).where(and(eq(memberships.projectId, projectId), eq(memberships.userId, removedId)));

    const projectScoped = paths().filter((p) => ["annotator", "lead", "admin"].includes(roleOf(p)));
    expect(projectScoped.length).toBeGreaterThan(20);
    const { imageId, versionId, annotationId, runId } = fixtures;
    const inputs: Record<string, unknown> = {
      "invitation.create": { projectId, email: "z@example.com", role: "annotator" },
      "invitation.revoke": { projectId, invitationId: crypto.randomUUID() },
      "project.update": { projectId, description: "x" },
      "member.updateRole": { projectId, userId: removedId, role: "admin" },
      "member.remove": { projectId, userId: removedId },
      "image.list": { projectId, limit: 5 },
      "image.byId": { projectId, imageId },
      "image.delete": { projectId, imageId },
      "queue.renew": { projectId, imageId },
      "queue.release": { projectId, imageId },
      "annotation.get": { projectId, imageId },
      "annotation.saveDraft": { projectId, imageId, expectedVersion: null, mask: null, clicks: [], box: null, modelVersionId: null, modelSha256: null, timeSpentMs: 0, clickCount: 0 },
      "annotation.submit": { projectId, imageId, expectedVersion: null, mask: null, clicks: [], box: null, modelVersionId: null, modelSha256: null, timeSpentMs: 0, clickCount: 0 },
      "annotation.skip": { projectId, imageId, expectedVersion: null, mask: null, clicks: [], box: null, modelVersionId: null, modelSha256: null, timeSpentMs: 0, clickCount: 0, reason: "x" },
      "annotation.unskip": { projectId, imageId },
      "model.promote": { projectId, versionId },
      "training.status": { projectId, runId },
      "training.list": { projectId },
      "review.list": { projectId },
      "review.accept": { projectId, annotationId },
      "review.reject": { projectId, annotationId, reason: "x" },
    };
    for (const path of projectScoped) {
      const result = await outcome(procedure(caller, path)(inputs[path] ?? { projectId }));
      expect({ path, result }).toEqual({ path, result: "NOT_FOUND" });
    }
    expect(await h.deps.db.select().from(images).where(eq(images.id, imageId))).toHaveLength(1);

    for (const kind of ["file", "thumbnail", "embedding"] as const) {
      const response = await handleImageFile(new Request(`http://clickloop.test/api/images/${imageId}/${kind}`), imageId, kind, { id: removedId }, { deps: h.deps });
      expect({ kind, status: response.status }).toEqual({ kind, status: 404 });
    }
    const artifact = await handleModelFile(new Request(`http://clickloop.test/api/models/${versionId}/decoder.onnx`), versionId, "decoder.onnx", async () => ({ id: removedId }), { deps: h.deps });
    expect(artifact.status).toBe(404);
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(await makeImage(40_002))]), "x.png");
    const upload = await handleImageUpload(new Request(`http://clickloop.test/api/projects/${projectId}/images`, { method: "POST", body: form }), projectId, { id: removedId }, { deps: h.deps });
    expect(upload.status).toBe(404);
  });
});
