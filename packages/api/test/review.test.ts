import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { annotations, images, projects, referenceMasks, trainingRuns } from "@clickloop/db";
import { encodeMaskRle } from "../src/services/annotation-mask";
import { maskRleToPng } from "../src/services/annotation-mask-png";
import { ingestImage } from "../src/services/ingest";
import { acceptReferenceMasks } from "../src/services/review";
import { codeOf, createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

const W = 64;
const H = 48;
const square = Uint8Array.from({ length: W * H }, (_, i) => (i % W >= 10 && i % W < 30 && Math.floor(i / W) >= 8 && Math.floor(i / W) < 30 ? 1 : 0));

describe("accepted masks and review", () => {
  let h: ApiHarness;
  let ids: { annotator: string; lead: string };
  let seed = 0;

  beforeAll(async () => {
    h = await createApiHarness();
    ids = { annotator: (await h.createUser("ann@example.com")).id, lead: (await h.createUser("lead@example.com")).id };
  });
  afterAll(async () => h?.cleanup());

  async function project(settings: { requireReview: boolean; autoTrainThreshold: number }) {
    const projectId = await h.createProject(`P${++seed}`, { [ids.annotator]: "annotator", [ids.lead]: "lead" });
    await h.deps.db.update(projects).set({ settings }).where(eq(projects.id, projectId));
    return projectId;
  }

  async function submit(projectId: string) {
    const { image } = await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: `i${++seed}.png`, bytes: await makeImage(500 + seed) });
    const trpc = await h.callerFor(ids.annotator);
    const saved = await trpc.annotation.submit({
      projectId,
      imageId: image.id,
      expectedVersion: null,
      mask: encodeMaskRle(square, W, H),
      clicks: [{ x: 20, y: 20, positive: true, t: 10 }],
      box: null,
      modelVersionId: "base",
      modelSha256: null,
      timeSpentMs: 1000,
      clickCount: 1,
    });
    return { ...saved, imageId: image.id };
  }

  const imageStatus = async (imageId: string) => (await h.deps.db.select().from(images).where(eq(images.id, imageId)))[0]!.status;
  const trainJobs = (projectId: string) => h.jobs.sent.filter((j) => j.name === "train.round" && (j.payload as { projectId: string }).projectId === projectId);

  it("without review, a submitted mask is accepted at once", async () => {
    const projectId = await project({ requireReview: false, autoTrainThreshold: 100 });
    const saved = await submit(projectId);
    expect(saved.status).toBe("accepted");
    expect(await imageStatus(saved.imageId)).toBe("accepted");
  });

  it("with review, a lead lists, accepts and rejects submissions; the rejected image returns to the queue", async () => {
    const projectId = await project({ requireReview: true, autoTrainThreshold: 100 });
    const a = await submit(projectId);
    const b = await submit(projectId);
    expect(a.status).toBe("submitted");
    const lead = await h.callerFor(ids.lead);
    const pending = await lead.review.list({ projectId });
    expect(pending.map((p) => p.id)).toEqual([a.id, b.id]);
    expect(pending[0]).toMatchObject({ imageId: a.imageId, annotator: { id: ids.annotator }, clickCount: 1, maskArea: 20 * 22 });

    expect(await lead.review.accept({ projectId, annotationId: a.id })).toMatchObject({ id: a.id, status: "accepted" });
    expect(await imageStatus(a.imageId)).toBe("accepted");
    expect(await lead.review.reject({ projectId, annotationId: b.id, reason: "missed the margin" })).toMatchObject({ status: "rejected" });
    expect(await imageStatus(b.imageId)).toBe("in_progress"); // back with its annotator (review-loop.test.ts)

    expect((await lead.review.list({ projectId })).map((p) => p.id)).toEqual([]);
    expect((await lead.review.list({ projectId, status: "accepted" })).map((p) => p.id)).toEqual([a.id]);
    // A decision on a decided mask: accepting again conflicts; a rejected one may still be accepted.
    expect(await codeOf(lead.review.accept({ projectId, annotationId: a.id }))).toBe("CONFLICT");
    expect(await codeOf(lead.review.accept({ projectId, annotationId: b.id }))).toBe("ok");
    expect(await codeOf(lead.review.accept({ projectId, annotationId: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
  });

  it("queues one automatic round when autoTrainThreshold masks were accepted since the last round", async () => {
    const projectId = await project({ requireReview: false, autoTrainThreshold: 2 });
    await submit(projectId);
    expect(trainJobs(projectId)).toHaveLength(0);
    await submit(projectId);
    expect(trainJobs(projectId)).toHaveLength(1);
    const [run] = await h.deps.db.select().from(trainingRuns).where(eq(trainingRuns.projectId, projectId));
    expect(run).toMatchObject({ trigger: "auto", status: "queued", acceptedCount: 2 });
    // While it is queued, more acceptances queue nothing; once finished, two more trigger the next.
    await submit(projectId);
    await submit(projectId);
    expect(trainJobs(projectId)).toHaveLength(1);
    await h.deps.db.update(trainingRuns).set({ status: "succeeded" }).where(eq(trainingRuns.id, run!.id));
    await submit(projectId);
    expect(trainJobs(projectId)).toHaveLength(2); // 5 accepted, 3 of them since the last round was queued
    const runs = await h.deps.db.select().from(trainingRuns).where(and(eq(trainingRuns.projectId, projectId), eq(trainingRuns.status, "queued")));
    expect(runs.map((r) => r.acceptedCount)).toEqual([5]);
  });

  it("imported reference masks become accepted annotations with source 'imported', once", async () => {
    const projectId = await project({ requireReview: true, autoTrainThreshold: 100 });
    const { image } = await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: "ref.png", bytes: await makeImage(900) });
    const key = `projects/${projectId}/reference-masks/r.png`;
    await h.deps.storage.put(key, await maskRleToPng(encodeMaskRle(square, W, H)));
    await h.deps.db.insert(referenceMasks).values({ imageId: image.id, storageKey: key, sha256: "r", originalName: "ref.png" });

    expect(await acceptReferenceMasks(h.deps, projectId)).toBe(1);
    expect(await acceptReferenceMasks(h.deps, projectId)).toBe(0);
    const rows = await h.deps.db.select().from(annotations).where(and(eq(annotations.projectId, projectId), eq(annotations.imageId, image.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "accepted", source: "imported", annotatorId: null, maskKey: key, maskArea: 20 * 22 });
    expect(await imageStatus(image.id)).toBe("accepted");
  });
});
