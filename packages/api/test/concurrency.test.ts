// Concurrent writers through the API: two annotators on one image id, two tabs of one annotator,
// a double-clicked submit, and settings changed while a training round is active. Nothing is
// lost or overwritten: exactly one of two racing writes wins, the other gets CONFLICT/FORBIDDEN.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { annotations, images, projects, trainingRuns } from "@clickloop/db";
import { encodeMaskRle } from "../src/services/annotation-mask";
import { ingestImage } from "../src/services/ingest";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

/** The queue settings' defaults (active learning), unchanged by these tests. */
const QUEUE_DEFAULTS = { queueStrategy: "auto", queueSeed: 1, preAnnotation: true, autoNegativeClicks: 0 } as const;

const W = 64;
const H = 48;
const rect = (x0: number) => encodeMaskRle(Uint8Array.from({ length: W * H }, (_, i) => (i % W >= x0 && i % W < x0 + 15 && Math.floor(i / W) >= 5 && Math.floor(i / W) < 25 ? 1 : 0)), W, H);

async function settle(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe("concurrent writers", () => {
  let h: ApiHarness;
  let ids: { alice: string; bob: string; lead: string; admin: string };
  let projectId: string;
  let seed = 0;

  beforeAll(async () => {
    h = await createApiHarness();
    ids = {
      alice: (await h.createUser("alice@example.com")).id,
      bob: (await h.createUser("bob@example.com")).id,
      lead: (await h.createUser("lead@example.com")).id,
      admin: (await h.createUser("admin@example.com")).id,
    };
    projectId = await h.createProject("Race", { [ids.alice]: "annotator", [ids.bob]: "annotator", [ids.lead]: "lead", [ids.admin]: "admin" });
  });
  afterAll(async () => h?.cleanup());

  const write = (imageId: string, x0: number, expectedVersion: number | null) => ({
    projectId,
    imageId,
    expectedVersion,
    mask: rect(x0),
    clicks: [],
    box: null,
    modelVersionId: "base",
    modelSha256: null,
    timeSpentMs: 0,
    clickCount: 0,
  });
  const newImage = async () => (await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: `r${++seed}.png`, bytes: await makeImage(3000 + seed) })).image.id;
  const rowsOf = (imageId: string) => h.deps.db.select().from(annotations).where(eq(annotations.imageId, imageId));

  it("two annotators on one image id: only the lease holder finishes it; a double-clicked submit stores once", async () => {
    const imageId = await newImage();
    const alice = await h.callerFor(ids.alice);
    const bob = await h.callerFor(ids.bob);
    expect((await alice.queue.next({ projectId })).item?.image.id).toBe(imageId);
    // Both save drafts at once (each their own row), then both try to submit.
    const [a, b] = await Promise.all([alice.annotation.saveDraft(write(imageId, 5, null)), bob.annotation.saveDraft(write(imageId, 30, null))]);
    const outcomes = await Promise.all([
      settle(alice.annotation.submit(write(imageId, 6, a.version))),
      settle(alice.annotation.submit(write(imageId, 6, a.version))), // the double click
      settle(bob.annotation.submit(write(imageId, 31, b.version))),
    ]);
    expect(outcomes.slice(0, 2).sort()).toEqual(["CONFLICT", "ok"]);
    expect(outcomes[2]).toBe("FORBIDDEN");
    const rows = await rowsOf(imageId);
    expect(rows.find((r) => r.annotatorId === ids.alice)).toMatchObject({ status: "accepted", version: a.version + 2 }); // submit + accept
    expect(rows.find((r) => r.annotatorId === ids.bob)).toMatchObject({ status: "draft", version: b.version });
    expect((await h.deps.db.select().from(images).where(eq(images.id, imageId)))[0]!.status).toBe("accepted");
  });

  it("two tabs of one annotator saving from the same version: exactly one write wins, nothing merges", async () => {
    const imageId = await newImage();
    const alice = await h.callerFor(ids.alice);
    expect((await alice.queue.next({ projectId })).item?.image.id).toBe(imageId);
    const first = await alice.annotation.saveDraft(write(imageId, 5, null));
    for (let round = 0; round < 5; round++) {
      const [row] = await rowsOf(imageId);
      const results = await Promise.all([settle(alice.annotation.saveDraft(write(imageId, 10, row!.version))), settle(alice.annotation.saveDraft(write(imageId, 40, row!.version)))]);
      expect(results.sort()).toEqual(["CONFLICT", "ok"]);
      const [after] = await rowsOf(imageId);
      expect(after!.version).toBe(row!.version + 1);
    }
    expect(first.version).toBe(1);
    const [last] = await rowsOf(imageId);
    await alice.annotation.submit(write(imageId, 10, last!.version)); // done with it
  });

  it("settings changed while a training round is active: no lost update, the round is untouched, submits follow the new setting", async () => {
    const admin = await h.callerFor(ids.admin);
    const { run } = await admin.training.start({ projectId });
    await h.deps.db.update(trainingRuns).set({ status: "running", startedAt: new Date(), heartbeatAt: new Date() }).where(eq(trainingRuns.id, run.id));

    // Admin edits settings while annotators submit.
    const imageId = await newImage();
    const alice = await h.callerFor(ids.alice);
    expect((await alice.queue.next({ projectId })).item?.image.id).toBe(imageId);
    const [, , submitted] = await Promise.all([
      admin.project.update({ projectId, settings: { requireReview: true } }),
      admin.project.update({ projectId, settings: { autoTrainThreshold: 7 } }),
      alice.annotation.submit(write(imageId, 5, null)),
    ]);
    const [project] = await h.deps.db.select().from(projects).where(eq(projects.id, projectId));
    expect(project!.settings).toEqual({ requireReview: true, autoTrainThreshold: 7, overlap: 1, ...QUEUE_DEFAULTS });
    // Submitted before or after the switch: either way a consistent state, never half-accepted.
    const [row] = await rowsOf(imageId);
    expect(["submitted", "accepted"]).toContain(submitted.status);
    expect(row!.status).toBe(submitted.status);
    const [image] = await h.deps.db.select().from(images).where(eq(images.id, imageId));
    expect(image!.status).toBe(submitted.status === "accepted" ? "accepted" : "submitted");
    const [after] = await h.deps.db.select().from(trainingRuns).where(eq(trainingRuns.id, run.id));
    expect(after!.status).toBe("running");

    // From now on review is on: the next submission waits for a lead.
    const next = await newImage();
    expect((await alice.queue.next({ projectId })).item?.image.id).toBe(next);
    expect((await alice.annotation.submit(write(next, 5, null))).status).toBe("submitted");
  });
});
