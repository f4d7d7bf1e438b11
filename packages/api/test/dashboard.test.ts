import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { modelVersions, projects, type ModelMetrics } from "@clickloop/db";
import { encodeMaskRle } from "../src/services/annotation-mask";
import { ingestImage } from "../src/services/ingest";
import { dayOf } from "../src/services/dashboard/stats";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

const W = 64;
const H = 48;
const mask = encodeMaskRle(Uint8Array.from({ length: W * H }, (_, i) => (i % W < 20 && i < W * 20 ? 1 : 0)), W, H);
const stat = (mean: number) => ({ mean, std: 0 });
const metrics = (d1: number, d3: number, d5: number, noc: number): ModelMetrics => ({
  n: 7,
  byClicks: [1, 2, 3, 4, 5].map((clicks) => ({ clicks, dice: stat(clicks === 1 ? d1 : clicks === 3 ? d3 : clicks === 5 ? d5 : 0), iou: stat(0), hd95: stat(0) })),
  noc85: stat(noc - 1),
  noc90: stat(noc),
});

describe("dashboard summary", () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness();
  });
  afterAll(async () => h?.cleanup());

  it("reports validation and real-work figures per model version, throughput per day and annotator, backlog and progress", async () => {
    const ann = await h.createUser("dash-ann@example.com");
    const lead = await h.createUser("dash-lead@example.com");
    const projectId = await h.createProject("Dash", { [ann.id]: "annotator", [lead.id]: "lead" });
    await h.deps.db.update(projects).set({ settings: { requireReview: true, autoTrainThreshold: 1000 } }).where(eq(projects.id, projectId));
    const [v1] = await h.deps.db
      .insert(modelVersions)
      .values({ projectId, number: 1, status: "deployed", sha256: "a".repeat(64), artifactKey: "k", weightsKey: "w", lambda: 1, mu: 1, metrics: metrics(0.8, 0.9, 0.93, 2.5), baselineMetrics: metrics(0.6, 0.8, 0.85, 4) })
      .returning();
    for (let i = 0; i < 5; i++) await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: `d${i}.png`, bytes: await makeImage(300 + i) });

    const annotator = await h.callerFor(ann.id);
    const reviewer = await h.callerFor(lead.id);
    // Base: 3 submissions (4, 6, 8 clicks; 10, 20, 30 s); version 1: 1 submission (2 clicks, 5 s).
    const plan: [string, number, number][] = [["base", 4, 10], ["base", 6, 20], ["base", 8, 30], [v1!.id, 2, 5]];
    const saved = [];
    for (const [model, clicks, seconds] of plan) {
      const { item } = await annotator.queue.next({ projectId });
      saved.push(await annotator.annotation.submit({ projectId, imageId: item!.image.id, expectedVersion: null, mask, clicks: [], box: null, modelVersionId: model, modelSha256: null, timeSpentMs: seconds * 1000, clickCount: clicks }));
    }
    await reviewer.review.accept({ projectId, annotationId: saved[0]!.id });
    await reviewer.review.accept({ projectId, annotationId: saved[1]!.id });
    await reviewer.review.reject({ projectId, annotationId: saved[2]!.id, reason: "Boundary inaccurate" });
    await reviewer.review.accept({ projectId, annotationId: saved[3]!.id });

    const summary = await reviewer.dashboard.summary({ projectId });
    const [base, version] = summary.models;
    expect(base).toMatchObject({ label: "Base MobileSAM", validation: { dice1: 0.6, dice3: 0.8, dice5: 0.85, noc90: 4 } });
    expect(base!.work).toMatchObject({ submissions: 3, accepted: 2, rejected: 1, medianClicksAccepted: 5, medianSeconds: 20 });
    expect(base!.work.rejectionRate).toBeCloseTo(1 / 3, 10);
    expect(version).toMatchObject({ label: "Version 1", validation: { dice1: 0.8, noc90: 2.5 }, work: { submissions: 1, accepted: 1, medianClicksAccepted: 2, medianSeconds: 5, rejectionRate: 0 } });
    const today = dayOf(new Date());
    expect(summary.throughput).toEqual([{ day: today, annotator: "dash-ann", submitted: 4, accepted: 3 }]);
    expect(summary.totals).toEqual({ submitted: 4, accepted: 3, rejected: 1 });
    expect(summary.backlog).toBe(0);
    expect(summary.progress).toMatchObject({ total: 5, accepted: 3, in_progress: 1, unlabeled: 1 });
    expect(summary.annotators).toEqual([{ id: ann.id, name: "dash-ann", submitted: 4, accepted: 3, rejected: 1, medianSeconds: 15 }]);
  });
});
