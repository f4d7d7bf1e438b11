// The history of a mask: every submitted version (and every lead correction) is a new row of
// `annotation_revisions`; rows are never rewritten except for their review outcome.
import { and, desc, eq, max } from "drizzle-orm";
import { annotationRevisions, type Annotation, type AnnotationRevision, type Db } from "@clickloop/db";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type DbOrTx = Db | Tx;

export type RevisionKind = AnnotationRevision["kind"];

/** Adds the annotation's current mask as its next revision (outcome pending unless given). */
export async function addRevision(
  db: DbOrTx,
  annotation: Annotation,
  kind: RevisionKind,
  authorId: string | null,
  outcome: AnnotationRevision["outcome"] = "pending",
): Promise<AnnotationRevision | null> {
  if (!annotation.maskKey) return null;
  const [last] = await db
    .select({ n: max(annotationRevisions.revision) })
    .from(annotationRevisions)
    .where(eq(annotationRevisions.annotationId, annotation.id));
  const [row] = await db
    .insert(annotationRevisions)
    .values({
      annotationId: annotation.id,
      projectId: annotation.projectId,
      imageId: annotation.imageId,
      revision: (last?.n ?? 0) + 1,
      kind,
      authorId,
      maskKey: annotation.maskKey,
      maskArea: annotation.maskArea,
      clicks: kind === "correction" ? [] : annotation.clicks,
      modelVersionId: annotation.modelVersionId,
      timeSpentMs: kind === "correction" ? 0 : annotation.timeSpentMs,
      clickCount: kind === "correction" ? 0 : annotation.clickCount,
      outcome,
      reviewedAt: outcome === "pending" ? null : new Date(),
    })
    .returning();
  return row ?? null;
}

/** Records the review outcome on the newest still-pending revision of an annotation. */
export async function decideLatestRevision(
  db: DbOrTx,
  annotationId: string,
  outcome: "accepted" | "rejected",
  reviewerId: string | null,
  reason: string | null,
): Promise<void> {
  const [latest] = await db
    .select({ id: annotationRevisions.id })
    .from(annotationRevisions)
    .where(and(eq(annotationRevisions.annotationId, annotationId), eq(annotationRevisions.outcome, "pending")))
    .orderBy(desc(annotationRevisions.revision))
    .limit(1);
  if (!latest) return;
  await db
    .update(annotationRevisions)
    .set({ outcome, reviewedBy: reviewerId, reviewedAt: new Date(), reviewReason: reason })
    .where(eq(annotationRevisions.id, latest.id));
}

export async function listRevisions(db: Db, annotationId: string): Promise<AnnotationRevision[]> {
  return db.select().from(annotationRevisions).where(eq(annotationRevisions.annotationId, annotationId)).orderBy(annotationRevisions.revision);
}
