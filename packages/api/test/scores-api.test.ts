// What leads and annotators see of the scores: image.list sorted by score with the parts,
// scoring.status with the running generation's progress, queue.next's rank and pre-annotation
// (off when the project turns it off), and annotations recording that they started from one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { annotations, imageScores, projects, scoringRuns } from "@clickloop/db";
import { ingestImage } from "../src/services/ingest";
import { encodeMaskRle } from "../src/services/annotation-mask";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

describe("scores through the API", () => {
  let h: ApiHarness;
  let lead: string;
  let annotator: string;
  let projectId: string;
  const ids: string[] = [];
  // Scores by upload index; the uncertainty rank order is 2, 0, 3, 1.
  const scores = [0.6, 0.1, 0.9, 0.4];
  const ranks = [1, 3, 0, 2];

  beforeAll(async () => {
    h = await createApiHarness();
    lead = (await h.createUser("lead@example.com")).id;
    annotator = (await h.createUser("ann@example.com")).id;
    projectId = await h.createProject("Scores", { [lead]: "lead", [annotator]: "annotator" });
    for (let i = 0; i < scores.length; i++) {
      const { image } = await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: `s${i}.png`, bytes: await makeImage(40 + i) });
      ids.push(image.id);
    }
    const [run] = await h.database.db.insert(scoringRuns).values({ projectId, status: "active", total: 4, done: 4, prototypeCount: 3 }).returning();
    await h.database.db.insert(imageScores).values(
      ids.map((imageId, i) => ({
        scoringRunId: run!.id,
        imageId,
        projectId,
        iouPart: 0.1 * i,
        stabilityPart: 0.2,
        entropyPart: 0.3,
        disagreementPart: 0.4,
        score: scores[i],
        rankUncertainty: ranks[i],
        rankDiversity: i,
        rankRandom: 3 - i,
        pooled: [],
        preAnnotationKey: `projects/${projectId}/pre-annotations/x${i}.png`,
        autoClicks: [{ x: 10 + i, y: 12, positive: true }],
        candidate: 1,
        predictedIou: 0.8,
      })),
    );
    // A generation being written: its progress is visible, its ranks are not served.
    await h.database.db.insert(scoringRuns).values({ projectId, status: "running", total: 4, done: 1, prototypeCount: 3 });
    await h.database.db
      .update(projects)
      .set({ settings: { requireReview: false, autoTrainThreshold: 20, queueStrategy: "uncertainty", queueSeed: 1, preAnnotation: true, autoNegativeClicks: 0 } })
      .where(eq(projects.id, projectId));
  });
  afterAll(async () => h?.cleanup());

  it("image.list sorts by score (most uncertain first) and carries the parts", async () => {
    const trpc = await h.callerFor(lead);
    const page = await trpc.image.list({ projectId, sort: "score", limit: 3 });
    expect(page.items.map((i) => i.id)).toEqual([ids[2], ids[0], ids[3]]);
    expect(page.items[0]!.score).toMatchObject({ score: 0.9, rank: 0, strategy: "uncertainty", parts: { iou: 0.2, stability: 0.2, entropy: 0.3, disagreement: 0.4 } });
    const rest = await trpc.image.list({ projectId, sort: "score", limit: 3, cursor: page.nextCursor });
    expect(rest.items.map((i) => i.id)).toEqual([ids[1]]);
    const upload = await trpc.image.list({ projectId, limit: 10 });
    expect(upload.items.map((i) => i.id)).toEqual(ids);
    await expect(trpc.image.list({ projectId, sort: "score", cursor: "-3" })).rejects.toThrow(/Invalid cursor/);
  });

  it("scoring.status shows the served generation and the running one's progress", async () => {
    const status = await (await h.callerFor(lead)).scoring.status({ projectId });
    expect(status).toMatchObject({ strategy: "uncertainty", requested: "uncertainty", active: { done: 4, total: 4, modelNumber: 0, coldStart: false }, running: { done: 1, total: 4 } });
  });

  it("queue.next: the highest rank first, with its rank and pre-annotation; a zero-click pre-annotated submit is recorded", async () => {
    const trpc = await h.callerFor(annotator);
    const next = await trpc.queue.next({ projectId });
    expect(next.strategy).toBe("uncertainty");
    expect(next.item?.image.id).toBe(ids[2]);
    expect(next.item?.rank).toMatchObject({ rank: 0, score: 0.9 });
    expect(next.item?.preAnnotation).toEqual({ modelVersionId: "base", clicks: [{ x: 12, y: 12, positive: true }], candidate: 1, predictedIou: 0.8 });

    const mask = new Uint8Array(64 * 48).fill(1, 0, 200);
    const write = {
      projectId,
      imageId: ids[2]!,
      expectedVersion: null,
      mask: encodeMaskRle(mask, 64, 48),
      clicks: [{ x: 12, y: 12, positive: true, t: 0, auto: true }],
      box: null,
      modelVersionId: "base",
      modelSha256: null,
      timeSpentMs: 900,
      clickCount: 0,
    };
    await expect(trpc.annotation.submit(write)).rejects.toThrow(/preAnnotated/);
    await trpc.annotation.submit({ ...write, preAnnotated: true });
    const [row] = await h.database.db.select().from(annotations).where(eq(annotations.imageId, ids[2]!));
    expect(row).toMatchObject({ preAnnotated: true, clickCount: 0, clicks: [{ x: 12, y: 12, positive: true, t: 0, auto: true }] });
  });

  it("queue.next has no pre-annotation when the project turned it off", async () => {
    await h.database.db
      .update(projects)
      .set({ settings: { requireReview: false, autoTrainThreshold: 20, queueStrategy: "uncertainty", queueSeed: 1, preAnnotation: false, autoNegativeClicks: 0 } })
      .where(eq(projects.id, projectId));
    const next = await (await h.callerFor(annotator)).queue.next({ projectId });
    expect(next.item?.image.id).toBe(ids[0]);
    expect(next.item?.preAnnotation).toBeNull();
    expect(next.item?.rank?.rank).toBe(1);
  });
});
