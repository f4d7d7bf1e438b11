// `al.score` (SPEC §5): scores every open, embedded image of a project under the deployed model —
// auto-click from the project's prototype, one multimask decoder pass, the pre-annotation and the
// four uncertainty parts — and ranks the generation for every queue strategy. Cold start (no
// accepted mask yet): no decoder pass, pooled embeddings only (diversity order).
//
// Crash-safe: each image's row is written as soon as it is scored, so a killed run resumes where it
// stopped (same model); the queue keeps serving the previous active generation until this one is
// complete and flipped to active in one transaction.
import { eq } from "drizzle-orm";
import { parseProjectSettings, projects, scoringRuns, type ScoringRun } from "@clickloop/db";
import { getDeployedVersion } from "@clickloop/api";
import type { SessionWithRuntime } from "@clickloop/sam";
import { orderQueue, rankAverage, scoreImage, type UncertaintyParts } from "@clickloop/sam/active-learning";
import { loadEmbedding } from "../embeddings/store";
import { defaultEmbedder, type EmbedderSource } from "../training/embedder";
import type { WorkerContext } from "../jobs/types";
import { openScoringDecoder } from "./decoder";
import {
  activeScoringRun,
  generationRows,
  publishGeneration,
  reportProgress,
  reuseScores,
  scorableImages,
  scoredImageIds,
  startOrResumeRun,
  writeScore,
  type GenerationRow,
  type RankedRow,
} from "./generation";
import { storePreAnnotation } from "./pre-annotation";
import { projectPrototype } from "./prototype";

export interface ScoringOptions {
  embedder?: EmbedderSource;
  /** Stops the run between images (worker shutdown, tests); the rows written so far are kept. */
  signal?: AbortSignal;
  /** After each image's row is written (tests interrupt here). */
  onImageScored?: (done: number, total: number) => void;
  /** onnxruntime intra-op threads of the decoder (`SCORE_THREADS`). */
  threads?: number;
}

export type ScoringOutcome =
  | { outcome: "skipped"; reason: string }
  | { outcome: "published"; run: ScoringRun; scored: number; reused: number; resumed: boolean; coldStart: boolean }
  | { outcome: "abandoned"; run: ScoringRun };

function partsOf(row: { iou: number | null; stability: number | null; entropy: number | null; disagreement: number | null }): UncertaintyParts | null {
  const { iou, stability, entropy, disagreement } = row;
  return iou === null || stability === null || entropy === null || disagreement === null ? null : { iou, stability, entropy, disagreement };
}

/** Combined score (rank average over the generation) and the rank of every row under each strategy. */
export function rankGeneration(rows: readonly GenerationRow[], labelled: Float32Array[], seed: number): RankedRow[] {
  const scoredIndex = rows.flatMap((row, i) => (partsOf(row) ? [i] : []));
  const combined = rankAverage(scoredIndex.map((i) => partsOf(rows[i]!)!));
  const scores = new Map<string, number>(scoredIndex.map((i, k) => [rows[i]!.imageId, combined[k]!]));
  const queueImages = rows.map((row) => ({
    id: row.imageId,
    uploadedAt: row.uploadedAt.getTime(),
    pooled: Float32Array.from(row.pooled),
    score: scores.get(row.imageId) ?? null,
  }));
  const rankMap = (ranks: { id: string; rank: number }[]) => new Map(ranks.map((r) => [r.id, r.rank]));
  const uncertainty = scores.size > 0 ? rankMap(orderQueue("uncertainty", queueImages)) : null;
  const diversity = rankMap(orderQueue("diversity", queueImages, { labelled }));
  const random = rankMap(orderQueue("random", queueImages, { seed }));
  return rows.map((row) => ({
    imageId: row.imageId,
    score: scores.get(row.imageId) ?? null,
    rankUncertainty: uncertainty?.get(row.imageId) ?? null,
    rankDiversity: diversity.get(row.imageId) ?? 0,
    rankRandom: random.get(row.imageId) ?? 0,
  }));
}

export async function runScoring(projectId: string, ctx: WorkerContext, options: ScoringOptions = {}): Promise<ScoringOutcome> {
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) return { outcome: "skipped", reason: "the project does not exist" };
  const settings = parseProjectSettings(project.settings);
  const embedder = options.embedder ?? defaultEmbedder();
  let decoder: SessionWithRuntime | null = null;
  try {
    const deployed = await getDeployedVersion(ctx.db, projectId);
    const modelVersionId = deployed?.id ?? null;
    const candidates = await scorableImages(ctx.db, projectId, await embedder.encoderId());
    const active = await activeScoringRun(ctx.db, projectId);
    const sameModel = active !== null && active.modelVersionId === modelVersionId;
    if (sameModel) {
      const inActive = await scoredImageIds(ctx.db, active.id);
      if (candidates.every((image) => inActive.has(image.id))) return { outcome: "skipped", reason: "every open image is scored under the deployed model" };
    }

    const { run, resumed } = await startOrResumeRun(ctx.db, projectId, modelVersionId);
    // Under the same model, rows of the served generation are still right: only new images are scored.
    const reused = sameModel ? await reuseScores(ctx.db, active.id, run.id, candidates.map((image) => image.id)) : 0;
    const prototype = await projectPrototype(ctx, projectId, embedder, options.signal);
    const done = await scoredImageIds(ctx.db, run.id);
    const total = candidates.length;
    await reportProgress(ctx.db, run.id, { done: done.size, total, reused: run.reused + reused, prototypeCount: prototype.count });
    if (prototype.prototype && candidates.some((image) => !done.has(image.id))) {
      decoder = await openScoringDecoder(ctx.storage, deployed, options.threads);
    }

    let scored = 0;
    for (const image of candidates) {
      if (done.has(image.id)) continue;
      options.signal?.throwIfAborted();
      const { data } = await loadEmbedding(ctx, image, embedder);
      const result = await scoreImage({
        decoder: decoder ?? (() => Promise.reject(new Error("no decoder at cold start"))),
        embedding: data,
        width: image.width,
        height: image.height,
        prototype: prototype.prototype,
        negatives: settings.autoNegativeClicks,
      });
      const pre = result.preAnnotation;
      await writeScore(ctx.db, run.id, {
        imageId: image.id,
        projectId,
        modelVersionId,
        iouPart: result.parts?.iou ?? null,
        stabilityPart: result.parts?.stability ?? null,
        entropyPart: result.parts?.entropy ?? null,
        disagreementPart: result.parts?.disagreement ?? null,
        maxSimilarity: result.maxSimilarity,
        pooled: Array.from(result.pooled),
        preAnnotationKey: pre ? await storePreAnnotation(ctx.storage, projectId, pre.mask) : null,
        autoClicks: result.autoClicks.map((click) => ({ x: click.x, y: click.y, positive: click.label === 1 })),
        predictedIou: pre?.predictedIoU ?? null,
        candidate: pre?.candidate ?? null,
      });
      done.add(image.id);
      scored++;
      await reportProgress(ctx.db, run.id, { done: done.size, total });
      options.onImageScored?.(done.size, total);
    }

    options.signal?.throwIfAborted();
    const ranked = rankGeneration(await generationRows(ctx.db, run.id), prototype.labelledPooled, settings.queueSeed);
    if (!(await publishGeneration(ctx.db, run, ranked))) return { outcome: "abandoned", run };
    const [published] = await ctx.db.select().from(scoringRuns).where(eq(scoringRuns.id, run.id));
    ctx.log(`al.score ${projectId}: ${ranked.length} image(s) ranked (${scored} scored, ${reused} reused${resumed ? ", resumed" : ""})`);
    return { outcome: "published", run: published ?? run, scored, reused, resumed, coldStart: prototype.prototype === null };
  } finally {
    await decoder?.session.release();
    if (!options.embedder) await embedder.release();
  }
}
