// al.score on the real database, storage, encoder and decoders (phantoms): cold start, scoring after
// a deployment, what the queue serves, a second deployment re-ordering it, and a killed run resuming
// while the previous generation keeps being served.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, inArray } from "drizzle-orm";
import { imageScores, images, projects, scoringRuns, users, type ScoringRun } from "@clickloop/db";
import { QUEUES } from "@clickloop/api/jobs";
import { ingestImage, nextQueueItem, releaseLease } from "@clickloop/api";
import { decodeMaskImage } from "@clickloop/sam/node";
import { phantomPng } from "@clickloop/phantom/node";
import { jobHandlers } from "../src/jobs/index";
import { embedImage } from "../src/jobs/embed";
import { scoreProjectJob } from "../src/jobs/score";
import { runScoring, type ScoringOutcome } from "../src/scoring/run";
import { defaultEmbedder } from "../src/training/embedder";
import { deployPerturbedVersion } from "./scoring-fixtures";
import { createTrainingFixture, type TrainingFixture } from "./train-round-fixtures";

const UNLABELED = 8;

function published(outcome: ScoringOutcome): Extract<ScoringOutcome, { outcome: "published" }> {
  if (outcome.outcome !== "published") throw new Error(`expected published, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe("al.score", () => {
  let f: TrainingFixture;
  const embedder = defaultEmbedder();
  let projectId: string;
  let unlabeled: string[];

  async function addUnlabeled(project: string, count: number, seed: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { image } = await phantomPng({ seed: seed + i, width: 240, height: 180, lesions: 1 });
      const { image: row } = await ingestImage(f.ctx, { projectId: project, uploadedBy: null, fileName: `open_${seed + i}.png`, bytes: image });
      await embedImage({ imageId: row.id }, f.ctx);
      ids.push(row.id);
    }
    return ids;
  }

  async function generation(run: ScoringRun) {
    return f.database.db.select().from(imageScores).where(eq(imageScores.scoringRunId, run.id)).orderBy(asc(imageScores.rankUncertainty));
  }

  async function activeRun(project: string) {
    const [run] = await f.database.db.select().from(scoringRuns).where(and(eq(scoringRuns.projectId, project), eq(scoringRuns.status, "active")));
    return run ?? null;
  }

  beforeAll(async () => {
    f = await createTrainingFixture();
    projectId = await f.createProject("Scored");
    await f.importPhantoms(projectId, { train: 3, validation: 1 });
    unlabeled = await addUnlabeled(projectId, UNLABELED, 500);
    await f.database.db.insert(users).values([
      { id: "alice", email: "alice@example.com" },
      { id: "bob", email: "bob@example.com" },
    ]);
  });
  afterAll(async () => {
    await embedder.release();
    await f?.cleanup();
  });

  it("is registered for al.score, and embedding a new image enqueues it", () => {
    expect(jobHandlers[QUEUES.alScore]).toBe(scoreProjectJob);
    expect(f.jobs.sent.filter((j) => j.name === "al.score")).toHaveLength(UNLABELED);
    expect(f.jobs.sent.find((j) => j.name === "al.score")?.options).toEqual({ singletonKey: projectId });
  });

  it("cold start (no accepted masks): diversity ranks only, no decoder pass, the queue serves diversity order", async () => {
    const cold = await f.createProject("Cold");
    const ids = await addUnlabeled(cold, 5, 700);
    const outcome = published(await runScoring(cold, f.ctx, { embedder }));
    expect(outcome.coldStart).toBe(true);
    const rows = await generation(outcome.run);
    expect(rows.map((r) => r.imageId).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.score === null && r.rankUncertainty === null && r.preAnnotationKey === null && r.pooled.length === 256)).toBe(true);
    expect(rows.map((r) => r.rankDiversity).sort()).toEqual([0, 1, 2, 3, 4]);
    const first = rows.find((r) => r.rankDiversity === 0)!;
    const item = await nextQueueItem(f.database.db, cold, "alice");
    expect(item?.order).toMatchObject({ strategy: "diversity", requested: "auto", runId: outcome.run.id });
    expect(item?.image.id).toBe(first.imageId);
    await releaseLease(f.database.db, cold, "alice", first.imageId);
  });

  let firstOrder: string[];
  let firstRun: ScoringRun;

  it("after a deployment every unlabeled image gets parts, a score, a pre-annotation and ranks", async () => {
    const version = await deployPerturbedVersion(f.ctx, projectId, 11);
    const outcome = published(await runScoring(projectId, f.ctx, { embedder }));
    expect(outcome).toMatchObject({ coldStart: false, scored: UNLABELED, reused: 0, resumed: false });
    firstRun = outcome.run;
    expect(firstRun).toMatchObject({ status: "active", modelVersionId: version.id, total: UNLABELED, done: UNLABELED, prototypeCount: 4 });

    const rows = await generation(firstRun);
    expect(rows.map((r) => r.imageId).sort()).toEqual([...unlabeled].sort());
    for (const row of rows) {
      for (const part of [row.iouPart, row.stabilityPart, row.entropyPart, row.disagreementPart, row.score]) {
        expect(part).toBeGreaterThanOrEqual(0);
        expect(part).toBeLessThanOrEqual(1);
      }
      expect(row.modelVersionId).toBe(version.id);
      expect(row.autoClicks[0]).toMatchObject({ positive: true });
      const mask = await decodeMaskImage(await f.storage.get(row.preAnnotationKey!));
      const [image] = await f.database.db.select().from(images).where(eq(images.id, row.imageId));
      expect([mask.width, mask.height]).toEqual([image!.width, image!.height]);
    }
    expect(rows.map((r) => r.rankUncertainty)).toEqual([...Array(UNLABELED).keys()]);
    firstOrder = rows.map((r) => r.imageId);
    // The highest combined score leads the order (the diversity term only reorders within a batch).
    const top = Math.max(...rows.map((r) => r.score!));
    expect(rows.slice(0, 3).some((r) => r.score === top)).toBe(true);
  });

  it("the queue serves rank 0 first, the next annotator rank 1: never the same image", async () => {
    const a = await nextQueueItem(f.database.db, projectId, "alice");
    const b = await nextQueueItem(f.database.db, projectId, "bob");
    expect(a?.order).toMatchObject({ strategy: "uncertainty", runId: firstRun.id });
    expect(a?.image.id).toBe(firstOrder[0]);
    expect(a?.score?.rankUncertainty).toBe(0);
    expect(b?.image.id).toBe(firstOrder[1]);
    const [c, d] = await Promise.all([nextQueueItem(f.database.db, projectId, "alice"), nextQueueItem(f.database.db, projectId, "bob")]);
    expect(c?.image.id).toBe(a?.image.id); // each keeps what they hold
    expect(d?.image.id).toBe(b?.image.id);
    await releaseLease(f.database.db, projectId, "alice", firstOrder[0]!);
    await releaseLease(f.database.db, projectId, "bob", firstOrder[1]!);
  });

  it("a second deployment re-scores everything and re-orders the queue", async () => {
    await deployPerturbedVersion(f.ctx, projectId, 23, 0.2);
    const outcome = published(await runScoring(projectId, f.ctx, { embedder }));
    expect(outcome.scored).toBe(UNLABELED);
    const [old] = await f.database.db.select().from(scoringRuns).where(eq(scoringRuns.id, firstRun.id));
    expect(old?.status).toBe("superseded");
    const order = (await generation(outcome.run)).map((r) => r.imageId);
    expect(order).not.toEqual(firstOrder);
    expect((await nextQueueItem(f.database.db, projectId, "alice"))?.image.id).toBe(order[0]);
    await releaseLease(f.database.db, projectId, "alice", order[0]!);
    firstRun = outcome.run;
    firstOrder = order;
  });

  it("nothing new under the same model: skipped; a new image: only it is scored, the rest reused", async () => {
    expect(await runScoring(projectId, f.ctx, { embedder })).toMatchObject({ outcome: "skipped" });
    const [added] = await addUnlabeled(projectId, 1, 800);
    const outcome = published(await runScoring(projectId, f.ctx, { embedder }));
    expect(outcome).toMatchObject({ scored: 1, reused: UNLABELED });
    const rows = await generation(outcome.run);
    expect(rows.map((r) => r.imageId)).toContain(added);
    expect(rows).toHaveLength(UNLABELED + 1);
    unlabeled.push(added!);
    firstRun = outcome.run;
    firstOrder = rows.map((r) => r.imageId);
  });

  it("a killed run resumes where it stopped; meanwhile the queue serves the previous complete generation", async () => {
    await deployPerturbedVersion(f.ctx, projectId, 37, 0.2);
    const controller = new AbortController();
    await expect(
      runScoring(projectId, f.ctx, { embedder, signal: controller.signal, onImageScored: (done) => done === 3 && controller.abort(new Error("killed")) }),
    ).rejects.toThrow("killed");

    const [halfway] = await f.database.db.select().from(scoringRuns).where(and(eq(scoringRuns.projectId, projectId), eq(scoringRuns.status, "running")));
    expect(halfway).toMatchObject({ done: 3, total: unlabeled.length });
    expect((await activeRun(projectId))?.id).toBe(firstRun.id);
    const served = await nextQueueItem(f.database.db, projectId, "alice");
    expect(served?.order.runId).toBe(firstRun.id);
    expect(served?.image.id).toBe(firstOrder[0]);
    await releaseLease(f.database.db, projectId, "alice", served!.image.id);

    const outcome = published(await runScoring(projectId, f.ctx, { embedder }));
    expect(outcome).toMatchObject({ resumed: true, scored: unlabeled.length - 3 });
    expect(outcome.run.id).toBe(halfway!.id);
    expect(outcome.run).toMatchObject({ status: "active", done: unlabeled.length, total: unlabeled.length });
    const rows = await f.database.db.select().from(imageScores).where(and(eq(imageScores.scoringRunId, outcome.run.id), inArray(imageScores.imageId, unlabeled)));
    expect(rows).toHaveLength(unlabeled.length);
    expect(rows.every((r) => r.rankUncertainty !== null && r.score !== null)).toBe(true);
    const after = await nextQueueItem(f.database.db, projectId, "alice");
    expect(after?.order.runId).toBe(outcome.run.id);
    await releaseLease(f.database.db, projectId, "alice", after!.image.id);
  });

  it("queueStrategy random / upload are honoured", async () => {
    await f.database.db.update(projects).set({ settings: { requireReview: false, autoTrainThreshold: 20, queueStrategy: "upload", queueSeed: 1, preAnnotation: true, autoNegativeClicks: 0 } }).where(eq(projects.id, projectId));
    const held = await nextQueueItem(f.database.db, projectId, "bob");
    expect(held?.order.strategy).toBe("upload");
    expect(held?.image.id).toBe(unlabeled[0]);
    await releaseLease(f.database.db, projectId, "bob", held!.image.id);
    await f.database.db.update(projects).set({ settings: { requireReview: false, autoTrainThreshold: 20, queueStrategy: "random", queueSeed: 1, preAnnotation: true, autoNegativeClicks: 0 } }).where(eq(projects.id, projectId));
    const random = await nextQueueItem(f.database.db, projectId, "bob");
    expect(random?.order.strategy).toBe("random");
    expect(random?.score?.rankRandom).toBe(0);
  });
});
