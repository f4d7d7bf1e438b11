// Active-learning scores as the API reads them: the project's served generation (`scoring_runs`
// status `active`), the one being written, and the enqueue rule for the `al.score` job.
import { and, desc, eq, inArray } from "drizzle-orm";
import { imageScores, modelVersions, scoringRuns, type Db, type ImageScore, type ScoringRun } from "@clickloop/db";
import { QUEUES, type JobQueue } from "../jobs";

/** One queued `al.score` per project (the queue is `stately`; the key makes it per project). */
export function enqueueScoring(jobs: JobQueue, projectId: string): Promise<string | null> {
  return jobs.send(QUEUES.alScore, { projectId }, { singletonKey: projectId });
}

export async function activeGeneration(db: Db, projectId: string): Promise<ScoringRun | null> {
  const [run] = await db.select().from(scoringRuns).where(and(eq(scoringRuns.projectId, projectId), eq(scoringRuns.status, "active")));
  return run ?? null;
}

export interface ScoringRunView {
  id: string;
  status: ScoringRun["status"];
  /** Null = the base model. */
  modelVersionId: string | null;
  modelNumber: number;
  done: number;
  total: number;
  coldStart: boolean;
  createdAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

async function toView(db: Db, run: ScoringRun): Promise<ScoringRunView> {
  let modelNumber = 0;
  if (run.modelVersionId) {
    const [version] = await db.select({ number: modelVersions.number }).from(modelVersions).where(eq(modelVersions.id, run.modelVersionId));
    modelNumber = version?.number ?? 0;
  }
  return {
    id: run.id,
    status: run.status,
    modelVersionId: run.modelVersionId,
    modelNumber,
    done: run.done,
    total: run.total,
    coldStart: run.prototypeCount === 0,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    error: run.error,
  };
}

/** What leads see: the generation the queue serves and the one being written (with its progress). */
export async function scoringStatus(db: Db, projectId: string): Promise<{ active: ScoringRunView | null; running: ScoringRunView | null }> {
  const runs = await db
    .select()
    .from(scoringRuns)
    .where(and(eq(scoringRuns.projectId, projectId), inArray(scoringRuns.status, ["active", "running"])))
    .orderBy(desc(scoringRuns.createdAt));
  const active = runs.find((r) => r.status === "active");
  const running = runs.find((r) => r.status === "running");
  return { active: active ? await toView(db, active) : null, running: running ? await toView(db, running) : null };
}

/** The served scores of some images (by image id). */
export async function scoresFor(db: Db, runId: string, imageIds: readonly string[]): Promise<Map<string, ImageScore>> {
  if (imageIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(imageScores)
    .where(and(eq(imageScores.scoringRunId, runId), inArray(imageScores.imageId, [...imageIds])));
  return new Map(rows.map((row) => [row.imageId, row]));
}

/** Why an image is where it is: its parts, combined score and rank under the served strategy. */
export interface ScoreView {
  /** Null at cold start (no prototype yet: diversity only). */
  score: number | null;
  parts: { iou: number; stability: number; entropy: number; disagreement: number } | null;
  /** 0 = served first under `strategy`; null when the strategy does not rank (upload). */
  rank: number | null;
  strategy: "uncertainty" | "diversity" | "random" | "upload";
  /** "base" or the version id the image was scored with. */
  modelVersionId: string;
  scoredAt: Date;
}

export function rankFor(row: ImageScore, strategy: ScoreView["strategy"]): number | null {
  switch (strategy) {
    case "uncertainty":
      return row.rankUncertainty;
    case "diversity":
      return row.rankDiversity;
    case "random":
      return row.rankRandom;
    case "upload":
      return null;
  }
}

export function toScoreView(row: ImageScore, strategy: ScoreView["strategy"]): ScoreView {
  const { iouPart, stabilityPart, entropyPart, disagreementPart } = row;
  const parts =
    iouPart === null || stabilityPart === null || entropyPart === null || disagreementPart === null
      ? null
      : { iou: iouPart, stability: stabilityPart, entropy: entropyPart, disagreement: disagreementPart };
  return { score: row.score, parts, rank: rankFor(row, strategy), strategy, modelVersionId: row.modelVersionId ?? "base", scoredAt: row.scoredAt };
}

/** The auto-prompted starting mask the workspace draws (it re-decodes the auto clicks itself, for the logits). */
export interface PreAnnotationView {
  modelVersionId: string;
  clicks: { x: number; y: number; positive: boolean }[];
  /** Multimask candidate the scoring chose (highest predicted IoU). */
  candidate: number | null;
  predictedIou: number | null;
}

export function toPreAnnotationView(row: ImageScore): PreAnnotationView | null {
  if (!row.preAnnotationKey || row.autoClicks.length === 0) return null;
  return { modelVersionId: row.modelVersionId ?? "base", clicks: row.autoClicks, candidate: row.candidate, predictedIou: row.predictedIou };
}
