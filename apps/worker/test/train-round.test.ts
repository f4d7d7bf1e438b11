// Training rounds end to end on the real database, storage, encoder and TF.js decoder, with a
// handful of phantoms and a few optimiser steps.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { annotations, auditEvents, modelVersions, trainingRuns } from "@clickloop/db";
import { getDeployedVersion, readVersionFactored, startTrainingRound } from "@clickloop/api";
import { decodeTrainableWeights } from "@clickloop/sam-tf";
import { runTrainRound, type RoundOutcome } from "../src/jobs/train-round";
import { createTrainingFixture, type TrainingFixture } from "./train-round-fixtures";

/** Tiny but real: 4 training and 2 validation phantoms, short click sessions. */
/** Training on a shared 2-core machine: minutes, not the default 2. */
const ROUND_TIMEOUT = 900_000;
const evaluation = { reportedClicks: 3, nocCap: 6, withHd95: true };
const ALWAYS_PUBLISH = { miou3: 2, noc90: 100 };
const NEVER_PUBLISH = { miou3: -2, noc90: -100 };

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function queueRun(f: TrainingFixture, projectId: string) {
  const { run, created } = await startTrainingRound({ db: f.database.db, jobs: f.jobs }, { projectId, trigger: "manual", requestedBy: null });
  expect(created).toBe(true);
  return run;
}

describe("train.round", () => {
  let f: TrainingFixture;
  let projectId: string;
  let first: Extract<RoundOutcome, { outcome: "published" | "rejected" }>;

  beforeAll(async () => {
    f = await createTrainingFixture();
    projectId = await f.createProject("Training");
    await f.importPhantoms(projectId, { train: 4, validation: 2 });
  });
  afterAll(async () => f?.cleanup());

  it("imported reference masks are accepted annotations with source 'imported'", async () => {
    const rows = await f.database.db.select().from(annotations).where(eq(annotations.projectId, projectId));
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === "accepted" && r.source === "imported" && r.maskArea > 0)).toBe(true);
  });

  it("runs a round end to end: loss goes down, the candidate is published with its artifacts", async () => {
    const run = await queueRun(f, projectId);
    const outcome = await runTrainRound({ projectId, runId: run.id }, f.ctx, {
      // The adapters (a project this small would get a cold-start round: sam-tf's train-round test).
      // Centre clicks only (stage 1, no jitter): fixed prompts, so the per-step losses are comparable.
      train: { mode: "adapter", regime: "stage1", stage1: { jitterProbability: 0 }, epochs: 3, accumulate: 1, learningRate: 1e-3 },
      evaluation,
      tolerance: ALWAYS_PUBLISH,
      heartbeatMs: 200,
    });
    if (outcome.outcome !== "published") throw new Error(`expected published, got ${JSON.stringify(outcome)}`);
    first = outcome;

    expect(f.jobs.sent.filter((j) => j.name === "al.score")).toEqual([{ name: "al.score", payload: { projectId }, options: { singletonKey: projectId } }]);

    expect(outcome.result.mode).toBe("adapter");
    const losses = outcome.result.training.lossHistory;
    expect(losses).toHaveLength(12); // 4 samples × 3 epochs, one sample per step
    expect(mean(losses.slice(8))).toBeLessThan(mean(losses.slice(0, 4)));

    const [stored] = await f.database.db.select().from(trainingRuns).where(eq(trainingRuns.id, run.id));
    expect(stored).toMatchObject({ status: "succeeded", trainCount: 4, valCount: 2 });
    expect(stored!.lossCurve).toEqual(losses);
    expect(stored!.finishedAt).toBeInstanceOf(Date);

    const deployed = await getDeployedVersion(f.database.db, projectId);
    expect(deployed).toMatchObject({ id: outcome.version.id, number: 1, status: "deployed", trainingRunId: run.id });
    expect(deployed!.metrics.n).toBe(2);
    expect(deployed!.metrics.byClicks.map((k) => k.clicks)).toEqual([1, 2, 3]);
    expect(deployed!.metrics.byClicks[0]!.dice.mean).toBeGreaterThan(0);
    expect(deployed!.baselineMetrics?.n).toBe(2);

    // The stored decoder is exactly the candidate's ONNX file, addressed by its SHA-256.
    const decoder = await f.storage.get(deployed!.artifactKey);
    expect(sha256(decoder)).toBe(deployed!.sha256);
    expect(Buffer.compare(decoder, Buffer.from(outcome.result.onnx))).toBe(0);
    expect(deployed!.artifactKey).toContain(deployed!.sha256);
    expect(sha256(await f.storage.get(deployed!.multimaskArtifactKey!))).toBe(deployed!.multimaskSha256);
    // and its factored form (the browser's fast path), found through the decoder's SHA-256
    const factored = await readVersionFactored(f.storage, deployed!.projectId, deployed!.sha256);
    expect(sha256(await f.storage.get(factored!.decoder.key))).toBe(factored!.decoder.sha256);
    expect(sha256(await f.storage.get(factored!.imageSide.key))).toBe(factored!.imageSide.sha256);
    const { weights } = decodeTrainableWeights(await f.storage.get(deployed!.weightsKey));
    expect([...weights.keys()].sort()).toEqual([...outcome.result.weights.keys()].sort());
  }, ROUND_TIMEOUT);

  it("rejects a candidate that fails the publish rule: kept with its metrics, the deployed version stays", async () => {
    const run = await queueRun(f, projectId);
    const outcome = await runTrainRound({ projectId, runId: run.id }, f.ctx, {
      train: { epochs: 1, accumulate: 4 },
      evaluation,
      tolerance: NEVER_PUBLISH,
    });
    if (outcome.outcome !== "rejected") throw new Error(`expected rejected, got ${JSON.stringify(outcome)}`);
    expect(outcome.version).toMatchObject({ number: 2, status: "rejected", deployedAt: null });
    expect(outcome.run.status).toBe("rejected");
    expect(f.jobs.sent.filter((j) => j.name === "al.score")).toHaveLength(1); // only the published round re-scores
    // Warm start: the round's "deployed" baseline is version 1 on the same images: its scores from
    // the first round, stored per (version, validation set), not recomputed.
    expect(outcome.version.baselineMetrics).toEqual(first.version.metrics);
    expect(first.result.deployedScoresReused).toBe(false);
    expect(outcome.result.deployedScoresReused).toBe(true);
    const deployed = await getDeployedVersion(f.database.db, projectId);
    expect(deployed?.id).toBe(first.version.id);
    const audit = await f.database.db.select().from(auditEvents).where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.action, "model.reject")));
    expect(audit).toHaveLength(1);
  }, ROUND_TIMEOUT);

  it("a round stopped in the middle of training publishes nothing and leaves the deployed version", async () => {
    const versionsBefore = await f.database.db.select().from(modelVersions).where(eq(modelVersions.projectId, projectId));
    const run = await queueRun(f, projectId);
    const stop = new AbortController();
    const outcome = await runTrainRound({ projectId, runId: run.id }, f.ctx, {
      train: { epochs: 2, accumulate: 1 },
      evaluation,
      tolerance: ALWAYS_PUBLISH,
      signal: stop.signal,
      onTrainProgress: (p) => {
        if (p.step === 2) stop.abort(new Error("worker killed"));
      },
    });
    expect(outcome.outcome).toBe("failed");
    const [stored] = await f.database.db.select().from(trainingRuns).where(eq(trainingRuns.id, run.id));
    expect(stored!.status).toBe("failed");
    expect(stored!.progress?.step).toBe(2);
    const versionsAfter = await f.database.db.select().from(modelVersions).where(eq(modelVersions.projectId, projectId));
    expect(versionsAfter).toEqual(versionsBefore);
    expect((await getDeployedVersion(f.database.db, projectId))?.id).toBe(first.version.id);
  }, ROUND_TIMEOUT);

  it("a crash after the artifacts are written but before the row flips leaves no row and the deployed version", async () => {
    const run = await queueRun(f, projectId);
    const outcome = await runTrainRound({ projectId, runId: run.id }, f.ctx, {
      train: { epochs: 1, accumulate: 4 },
      evaluation,
      tolerance: ALWAYS_PUBLISH,
      beforePublish: () => {
        throw new Error("killed between artifact and row");
      },
    });
    expect(outcome.outcome).toBe("failed");
    const rows = await f.database.db.select().from(modelVersions).where(eq(modelVersions.trainingRunId, run.id));
    expect(rows).toEqual([]);
    expect((await getDeployedVersion(f.database.db, projectId))?.id).toBe(first.version.id);
  }, ROUND_TIMEOUT);

  it("one round per project at a time: a second start returns the active run; a taken run is not run twice", async () => {
    const sentBefore = f.jobs.sent.length;
    const deps = { db: f.database.db, jobs: f.jobs };
    const a = await startTrainingRound(deps, { projectId, trigger: "manual", requestedBy: null });
    const b = await startTrainingRound(deps, { projectId, trigger: "auto", requestedBy: null });
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, run: { id: a.run.id } });
    expect(f.jobs.sent.slice(sentBefore)).toEqual([
      { name: "train.round", payload: { projectId, runId: a.run.id }, options: expect.objectContaining({ singletonKey: projectId }) },
    ]);
    // Another worker already took it: this delivery does nothing.
    await f.database.db.update(trainingRuns).set({ status: "running", startedAt: new Date(), heartbeatAt: new Date() }).where(eq(trainingRuns.id, a.run.id));
    expect(await runTrainRound({ projectId, runId: a.run.id }, f.ctx)).toMatchObject({ outcome: "skipped" });
  });

  it("a running round without heartbeat is marked failed and a fresh round is queued", async () => {
    const [active] = await f.database.db.select().from(trainingRuns).where(and(eq(trainingRuns.projectId, projectId), eq(trainingRuns.status, "running")));
    await f.database.db.update(trainingRuns).set({ heartbeatAt: new Date(Date.now() - 10 * 60_000) }).where(eq(trainingRuns.id, active!.id));
    const sentBefore = f.jobs.sent.length;
    // Any delivery of a train.round job reaps first; this one is for the dead run itself.
    expect(await runTrainRound({ projectId, runId: active!.id }, f.ctx)).toMatchObject({ outcome: "skipped" });
    const [dead] = await f.database.db.select().from(trainingRuns).where(eq(trainingRuns.id, active!.id));
    expect(dead!.status).toBe("failed");
    expect(dead!.error).toMatch(/heartbeat/);
    const retry = f.jobs.sent.slice(sentBefore);
    expect(retry).toHaveLength(1);
    const [queued] = await f.database.db.select().from(trainingRuns).where(and(eq(trainingRuns.projectId, projectId), eq(trainingRuns.status, "queued")));
    expect(retry[0]!.payload).toEqual({ projectId, runId: queued!.id });
  });
});
