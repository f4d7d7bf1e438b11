// `train.round {projectId, runId}`: one training round (docs/method.md §3) from a queued training_runs row
// to a published (deployed) or rejected model version. Crash-safe by construction: artifacts are
// written first, content-addressed; one transaction then inserts the version row and flips the
// deployed version. Anything that stops the round earlier leaves the deployed version untouched.
import { and, eq } from "drizzle-orm";
import { trainingRuns, type Db, type ModelVersion, type TrainingRun } from "@clickloop/db";
import { enqueueScoring, recordAudit, getDeployedVersion, writeModelArtifacts, insertVersion, HEARTBEAT_INTERVAL_MS, reapStaleRuns, STALE_RUN_MS } from "@clickloop/api";
import { SamDecoder, selectBackend, exportDecoderOnnx, decodeTrainableWeights, encodeTrainableWeights } from "@clickloop/sam-tf";
import { nodeOnnxRuntime, trainRound, type TrainRoundInput, type TrainRoundResult, type WarmStart, resolveTrainSettings, type TrainProgress } from "@clickloop/sam-tf/train";
import { writeCandidateFactored } from "../models/factored";
import { defaultEmbedder, type EmbedderSource } from "../training/embedder";
import { trainRoundOptionsFromEnv } from "../training/env-settings";
import { toModelMetrics } from "../training/metrics";
import { RunReporter } from "../training/run-reporter";
import { loadRoundData, RoundDataError } from "../training/samples";
import { readValidationScores, scoresModelKey, storeValidationScores } from "../training/validation-scores";
import type { JobHandler, WorkerContext } from "./types";

export interface TrainRoundOptions {
  /** Training regime settings (epochs, accumulation, …); tests run tiny rounds. */
  train?: TrainRoundInput["settings"];
  evaluation?: TrainRoundInput["evaluation"];
  tolerance?: TrainRoundInput["tolerance"];
  heartbeatMs?: number;
  staleMs?: number;
  embedder?: EmbedderSource;
  /** Validation images a round scores on at most (default 50: the scoring cost stays flat). */
  maxValidation?: number;
  /** Stops the round (worker shutdown); the run is marked failed, nothing is published. */
  signal?: AbortSignal;
  /** Observes every optimiser step (after it was reported to the run row). */
  onTrainProgress?: (progress: TrainProgress) => void;
  /** Runs after the artifacts are stored and before the version row is written. */
  beforePublish?: () => Promise<void> | void;
}

export type RoundOutcome =
  | { outcome: "skipped"; reason: string }
  | { outcome: "failed"; run: TrainingRun; error: string }
  | { outcome: "published" | "rejected"; run: TrainingRun; version: ModelVersion; result: TrainRoundResult };

/** Takes a queued run; a run that is not queued any more (done, cancelled, taken) is left alone. */
async function claimRun(db: Db, projectId: string, runId: string): Promise<TrainingRun | null> {
  const now = new Date();
  const [run] = await db
    .update(trainingRuns)
    .set({ status: "running", startedAt: now, heartbeatAt: now, error: null })
    .where(and(eq(trainingRuns.id, runId), eq(trainingRuns.projectId, projectId), eq(trainingRuns.status, "queued")))
    .returning();
  return run ?? null;
}

async function warmStartFrom(ctx: WorkerContext, deployed: ModelVersion | null): Promise<WarmStart | undefined> {
  if (!deployed) return undefined; // the first round starts from the base model
  const { weights } = decodeTrainableWeights(await ctx.storage.get(deployed.weightsKey));
  return { weights, lambda: deployed.lambda, mu: deployed.mu };
}

/** When the deployed version's round started: masks accepted later are new to it. */
async function deployedRoundStart(db: Db, deployed: ModelVersion | null): Promise<Date | null> {
  if (!deployed) return null;
  if (!deployed.trainingRunId) return deployed.createdAt;
  const [run] = await db.select({ startedAt: trainingRuns.startedAt }).from(trainingRuns).where(eq(trainingRuns.id, deployed.trainingRunId));
  return run?.startedAt ?? deployed.createdAt;
}

/** The multimask variant of the candidate (oracle / ambiguity UI); rebuilt from its weights. */
function exportMultimask(result: TrainRoundResult, seed: number): Uint8Array {
  const decoder = new SamDecoder({ adapterRank: result.adapterRank, seed });
  try {
    decoder.setTrainableWeights(result.weights);
    return exportDecoderOnnx(decoder, { fusion: { lambda: result.lambda, mu: result.mu }, multimask: true });
  } finally {
    decoder.dispose();
  }
}

async function markFailed(db: Db, runId: string, error: string): Promise<TrainingRun | null> {
  const [run] = await db
    .update(trainingRuns)
    .set({ status: "failed", error, finishedAt: new Date() })
    .where(and(eq(trainingRuns.id, runId), eq(trainingRuns.status, "running")))
    .returning();
  return run ?? null;
}

export async function runTrainRound(payload: { projectId: string; runId: string }, ctx: WorkerContext, options: TrainRoundOptions = {}): Promise<RoundOutcome> {
  await reapStaleRuns(ctx, options.staleMs ?? STALE_RUN_MS);
  const claimed = await claimRun(ctx.db, payload.projectId, payload.runId);
  if (!claimed) return { outcome: "skipped", reason: "the run is not queued" };

  const reporter = new RunReporter(ctx.db, claimed.id, { heartbeatMs: options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS, log: ctx.log });
  const signal = options.signal ? AbortSignal.any([options.signal, reporter.lost.signal]) : reporter.lost.signal;
  const embedder = options.embedder ?? defaultEmbedder();
  reporter.start();
  try {
    reporter.phase("loading");
    const deployed = await getDeployedVersion(ctx.db, payload.projectId);
    const evaluation = options.evaluation;
    const data = await loadRoundData(ctx, payload.projectId, {
      embedder,
      signal,
      recentAfter: await deployedRoundStart(ctx.db, deployed),
      maxValidation: options.maxValidation,
      protocol: { reportedClicks: evaluation?.reportedClicks ?? 5, nocCap: evaluation?.nocCap ?? 20, withHd95: evaluation?.withHd95 ?? true },
      onPrepare: (done, total) => reporter.phaseProgress(done, total),
    });
    await ctx.db.update(trainingRuns).set({ trainCount: data.counts.train, valCount: data.counts.validation }).where(eq(trainingRuns.id, claimed.id));

    await selectBackend({ log: ctx.log });
    const settings = resolveTrainSettings(options.train);
    const deployedKey = await scoresModelKey(deployed);
    const storedScores = await readValidationScores(ctx.db, payload.projectId, deployedKey, data.validationSetKey);
    reporter.phase(storedScores ? "training" : "evaluating-deployed");
    const result = await trainRound({
      samples: data.train,
      validation: data.validation,
      recent: data.recent,
      deployedScores: storedScores,
      warmStart: await warmStartFrom(ctx, deployed),
      settings,
      evaluation: { ...evaluation, onImage: (done, total) => reporter.phaseProgress(done, total) },
      tolerance: options.tolerance,
      openOnnx: (bytes) => nodeOnnxRuntime(bytes),
      onProgress: (progress) => {
        reporter.step(progress);
        if (progress.step === progress.totalSteps) reporter.phase("evaluating-candidate");
        options.onTrainProgress?.(progress);
      },
      signal,
    });
    signal.throwIfAborted();

    reporter.phase("publishing");
    const artifacts = await writeModelArtifacts(ctx.storage, payload.projectId, {
      decoder: result.onnx,
      multimaskDecoder: exportMultimask(result, settings.seed),
      weights: encodeTrainableWeights(result.weights, { runId: claimed.id, lambda: String(result.lambda), mu: String(result.mu) }),
    });
    // the browser's fast form of the same model, found through the decoder's SHA-256
    await writeCandidateFactored(ctx.storage, payload.projectId, artifacts.sha256, result, settings);
    await options.beforePublish?.();
    signal.throwIfAborted();
    await reporter.stop();

    const outcome = await ctx.db.transaction(async (tx) => {
      // Still ours? (not cancelled, not reaped) — checked under the row lock.
      const [run] = await tx.select().from(trainingRuns).where(eq(trainingRuns.id, claimed.id)).for("update");
      if (run?.status !== "running") throw new Error("the run was cancelled or taken over before publishing");
      const version = await insertVersion(tx, {
        projectId: payload.projectId,
        trainingRunId: claimed.id,
        status: result.publish ? "deployed" : "rejected",
        ...artifacts,
        lambda: result.lambda,
        mu: result.mu,
        metrics: toModelMetrics(result.metrics.candidate),
        baselineMetrics: toModelMetrics(result.metrics.deployed),
      });
      // Both models' scores on this validation set, for the next round (the candidate's count if it is deployed).
      const scored = { projectId: payload.projectId, validationSetKey: data.validationSetKey };
      if (!result.deployedScoresReused) await storeValidationScores(tx, { ...scored, modelKey: deployedKey, summary: result.metrics.deployed });
      await storeValidationScores(tx, { ...scored, modelKey: await scoresModelKey(version), summary: result.metrics.candidate });
      const [finished] = await tx
        .update(trainingRuns)
        .set({
          status: result.publish ? "succeeded" : "rejected",
          finishedAt: new Date(),
          lossCurve: [...result.training.lossHistory],
          progress: { ...(run.progress ?? { step: 0, totalSteps: 0, loss: null, lambda: 1, mu: 1, elapsedMs: 0 }), etaMs: 0, phase: "done" },
        })
        .where(eq(trainingRuns.id, claimed.id))
        .returning();
      await recordAudit(tx, {
        projectId: payload.projectId,
        action: result.publish ? "model.publish" : "model.reject",
        targetType: "model_version",
        targetId: version.id,
        data: { number: version.number, runId: claimed.id, previous: deployed?.number ?? 0 },
      });
      return { run: finished as TrainingRun, version };
    });
    ctx.log(`train.round ${claimed.id}: version ${outcome.version.number} ${result.publish ? "published" : "rejected"}`);
    // docs/method.md §5: unlabeled images are re-scored under every newly deployed model.
    if (result.publish) await enqueueScoring(ctx.jobs, payload.projectId);
    return { outcome: result.publish ? "published" : "rejected", ...outcome, result };
  } catch (error) {
    await reporter.stop();
    if (error instanceof RoundDataError) {
      await ctx.db.update(trainingRuns).set({ trainCount: error.counts.train, valCount: error.counts.validation }).where(eq(trainingRuns.id, claimed.id));
    }
    const message = error instanceof Error ? error.message : String(error);
    ctx.log(`train.round ${claimed.id} failed: ${message}`);
    const run = await markFailed(ctx.db, claimed.id, message);
    const [current] = run ? [run] : await ctx.db.select().from(trainingRuns).where(eq(trainingRuns.id, claimed.id));
    return { outcome: "failed", run: current as TrainingRun, error: message };
  } finally {
    await reporter.stop();
    await embedder.release();
  }
}

/** The registered handler: failures are recorded on the run, not retried (a dead worker is, via the reaper). */
export const trainRoundJob: JobHandler<"train.round"> = async (payload, ctx) => {
  await runTrainRound(payload, ctx, trainRoundOptionsFromEnv());
};
