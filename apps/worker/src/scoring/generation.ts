// Database side of a scoring run: one `scoring_runs` row per generation, its `image_scores` rows
// written one image at a time (resumable), then ranked and flipped to `active` in one transaction.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { embeddings, imageScores, images, scoringRuns, type Db, type Image, type ScoringRun } from "@clickloop/db";

/** The generation the queue serves (null before the first complete one). */
export async function activeScoringRun(db: Db, projectId: string): Promise<ScoringRun | null> {
  const [run] = await db.select().from(scoringRuns).where(and(eq(scoringRuns.projectId, projectId), eq(scoringRuns.status, "active")));
  return run ?? null;
}

/**
 * The project's running generation for `modelVersionId` (resumed after a crash), else a new one.
 * A running generation of another model is abandoned (a newer deployment makes it pointless).
 */
export async function startOrResumeRun(db: Db, projectId: string, modelVersionId: string | null): Promise<{ run: ScoringRun; resumed: boolean }> {
  return db.transaction(async (tx) => {
    const [running] = await tx
      .select()
      .from(scoringRuns)
      .where(and(eq(scoringRuns.projectId, projectId), eq(scoringRuns.status, "running")))
      .for("update");
    if (running && running.modelVersionId === modelVersionId) {
      const [run] = await tx.update(scoringRuns).set({ heartbeatAt: new Date(), error: null }).where(eq(scoringRuns.id, running.id)).returning();
      return { run: run as ScoringRun, resumed: true };
    }
    if (running) {
      await tx
        .update(scoringRuns)
        .set({ status: "failed", error: "superseded by a newer deployment before it completed", finishedAt: new Date() })
        .where(eq(scoringRuns.id, running.id));
    }
    const [run] = await tx.insert(scoringRuns).values({ projectId, modelVersionId, status: "running", heartbeatAt: new Date() }).returning();
    return { run: run as ScoringRun, resumed: false };
  });
}

/** Open images (unlabeled / in progress) with an embedding of `encoderId`, in upload order. */
export async function scorableImages(db: Db, projectId: string, encoderId: string): Promise<Image[]> {
  const rows = await db
    .select({ image: images })
    .from(images)
    .innerJoin(embeddings, and(eq(embeddings.imageId, images.id), eq(embeddings.encoderId, encoderId)))
    .where(and(eq(images.projectId, projectId), inArray(images.status, ["unlabeled", "in_progress"])))
    .orderBy(asc(images.createdAt), asc(images.id));
  return rows.map((r) => r.image);
}

export async function scoredImageIds(db: Db, runId: string): Promise<Set<string>> {
  const rows = await db.select({ id: imageScores.imageId }).from(imageScores).where(eq(imageScores.scoringRunId, runId));
  return new Set(rows.map((r) => r.id));
}

/** Copies the previous generation's rows (same model) for `imageIds` into `runId`; returns how many. */
export async function reuseScores(db: Db, fromRunId: string, runId: string, imageIds: readonly string[]): Promise<number> {
  if (imageIds.length === 0) return 0;
  const result = await db.execute(sql`
    insert into ${imageScores} (scoring_run_id, image_id, project_id, model_version_id, iou_part, stability_part, entropy_part,
      disagreement_part, max_similarity, pooled, pre_annotation_key, auto_clicks, predicted_iou, candidate, scored_at)
    select ${runId}, image_id, project_id, model_version_id, iou_part, stability_part, entropy_part,
      disagreement_part, max_similarity, pooled, pre_annotation_key, auto_clicks, predicted_iou, candidate, scored_at
    from ${imageScores}
    where scoring_run_id = ${fromRunId} and image_id in (select jsonb_array_elements_text(${JSON.stringify(imageIds)}::jsonb)::uuid)
    on conflict do nothing
  `);
  return result.rowCount ?? 0;
}

export type NewImageScore = Omit<typeof imageScores.$inferInsert, "scoringRunId" | "score" | "rankUncertainty" | "rankDiversity" | "rankRandom">;

export async function writeScore(db: Db, runId: string, row: NewImageScore): Promise<void> {
  await db.insert(imageScores).values({ ...row, scoringRunId: runId }).onConflictDoNothing();
}

export async function reportProgress(db: Db, runId: string, progress: { done: number; total: number; reused?: number; prototypeCount?: number }): Promise<void> {
  await db
    .update(scoringRuns)
    .set({ ...progress, heartbeatAt: new Date() })
    .where(and(eq(scoringRuns.id, runId), eq(scoringRuns.status, "running")));
}

export interface RankedRow {
  imageId: string;
  score: number | null;
  rankUncertainty: number | null;
  rankDiversity: number;
  rankRandom: number;
}

/**
 * Writes the combined scores and ranks and makes the generation the served one, in one transaction:
 * the previous active generation is superseded at the same instant. False when the run is no longer
 * running (abandoned for a newer deployment meanwhile).
 */
export async function publishGeneration(db: Db, run: ScoringRun, ranked: readonly RankedRow[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(scoringRuns).where(eq(scoringRuns.id, run.id)).for("update");
    if (current?.status !== "running") return false;
    if (ranked.length > 0) {
      await tx.execute(sql`
        update ${imageScores} s set score = v.score, rank_uncertainty = v.ru, rank_diversity = v.rd, rank_random = v.rr
        from jsonb_to_recordset(${JSON.stringify(ranked.map((r) => ({ id: r.imageId, score: r.score, ru: r.rankUncertainty, rd: r.rankDiversity, rr: r.rankRandom })))}::jsonb)
          as v(id uuid, score double precision, ru integer, rd integer, rr integer)
        where s.scoring_run_id = ${run.id} and s.image_id = v.id
      `);
    }
    await tx
      .update(scoringRuns)
      .set({ status: "superseded" })
      .where(and(eq(scoringRuns.projectId, run.projectId), eq(scoringRuns.status, "active")));
    await tx
      .update(scoringRuns)
      .set({ status: "active", done: ranked.length, total: ranked.length, finishedAt: new Date(), heartbeatAt: new Date(), error: null })
      .where(eq(scoringRuns.id, run.id));
    return true;
  });
}

/** One row of a generation as the ordering needs it. */
export interface GenerationRow {
  imageId: string;
  uploadedAt: Date;
  pooled: number[];
  iou: number | null;
  stability: number | null;
  entropy: number | null;
  disagreement: number | null;
}

/** The generation's rows as the ordering needs them. */
export async function generationRows(db: Db, runId: string): Promise<GenerationRow[]> {
  return db
    .select({
      imageId: imageScores.imageId,
      uploadedAt: images.createdAt,
      pooled: imageScores.pooled,
      iou: imageScores.iouPart,
      stability: imageScores.stabilityPart,
      entropy: imageScores.entropyPart,
      disagreement: imageScores.disagreementPart,
    })
    .from(imageScores)
    .innerJoin(images, eq(images.id, imageScores.imageId))
    .where(eq(imageScores.scoringRunId, runId))
    .orderBy(asc(images.createdAt), asc(images.id));
}
