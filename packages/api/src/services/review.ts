// When a mask becomes ground truth ("accepted"): right at submission in projects without review,
// by a lead's decision otherwise, and for reference masks that came with an import. Every
// acceptance checks the automatic training trigger.
import { and, asc, eq, inArray, isNull, notExists, sql } from "drizzle-orm";
import { annotations, images, projects, parseProjectSettings, referenceMasks, users, type Annotation, type Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import type { JobQueue } from "../jobs";
import { rleArea } from "./annotation-mask";
import { loadMaskRle } from "./annotation-mask-png";
import { recordAudit } from "./audit";
import { imageThumbnailUrl } from "./image-urls";
import { maybeStartAutoRound } from "./training";
import { DomainError } from "../errors";

export interface ReviewDeps {
  db: Db;
  jobs: JobQueue;
}


/**
 * Call after an annotation was submitted: without `requireReview` it is accepted at once.
 * Returns the annotation as it now stands.
 */
export async function acceptOnSubmitUnlessReviewed(deps: ReviewDeps, annotation: Annotation): Promise<Annotation> {
  if (annotation.status !== "submitted") return annotation;
  const [project] = await deps.db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, annotation.projectId));
  if (!project || parseProjectSettings(project.settings).requireReview) return annotation;
  const accepted = await setAccepted(deps.db, annotation.projectId, annotation.id, ["submitted"]);
  if (!accepted) return annotation;
  await maybeStartAutoRound(deps, annotation.projectId);
  return accepted;
}

async function setAccepted(db: Db, projectId: string, annotationId: string, from: Annotation["status"][]): Promise<Annotation | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(annotations)
      .set({ status: "accepted", version: sql`${annotations.version} + 1`, updatedAt: new Date() })
      .where(and(eq(annotations.id, annotationId), eq(annotations.projectId, projectId), inArray(annotations.status, from)))
      .returning();
    if (row) await tx.update(images).set({ status: "accepted" }).where(eq(images.id, row.imageId));
    return row ?? null;
  });
}

export interface ReviewItem {
  id: string;
  imageId: string;
  imageName: string;
  width: number;
  height: number;
  thumbnailUrl: string | null;
  annotator: { id: string; name: string | null; email: string | null } | null;
  status: Annotation["status"];
  version: number;
  maskArea: number;
  clickCount: number;
  timeSpentMs: number;
  submittedAt: Date | null;
}

/** Submissions waiting for a lead (oldest first), or another status. */
export async function listReviewItems(db: Db, projectId: string, status: "submitted" | "accepted" | "rejected", limit: number): Promise<ReviewItem[]> {
  const rows = await db
    .select({ annotation: annotations, image: images, annotator: { id: users.id, name: users.name, email: users.email } })
    .from(annotations)
    .innerJoin(images, eq(images.id, annotations.imageId))
    .leftJoin(users, eq(users.id, annotations.annotatorId))
    .where(and(eq(annotations.projectId, projectId), eq(annotations.status, status)))
    .orderBy(asc(annotations.submittedAt), asc(annotations.id))
    .limit(limit);
  return rows.map(({ annotation: a, image, annotator }) => ({
    id: a.id,
    imageId: a.imageId,
    imageName: image.originalName,
    width: image.width,
    height: image.height,
    thumbnailUrl: image.thumbnailKey ? imageThumbnailUrl(image.id) : null,
    annotator: annotator?.id ? annotator : null,
    status: a.status,
    version: a.version,
    maskArea: a.maskArea,
    clickCount: a.clickCount,
    timeSpentMs: a.timeSpentMs,
    submittedAt: a.submittedAt,
  }));
}

export async function acceptAnnotation(deps: ReviewDeps, projectId: string, annotationId: string, reviewerId: string): Promise<Annotation> {
  const row = await setAccepted(deps.db, projectId, annotationId, ["submitted", "rejected"]);
  if (!row) throw await reviewFailure(deps.db, projectId, annotationId, "accepted");
  await recordAudit(deps.db, { projectId, actorId: reviewerId, action: "annotation.accept", targetType: "annotation", targetId: annotationId });
  await maybeStartAutoRound(deps, projectId);
  return row;
}

/** Rejects a submitted (or accepted) mask; the image goes back to the queue for another pass. */
export async function rejectAnnotation(deps: ReviewDeps, projectId: string, annotationId: string, reviewerId: string, reason: string): Promise<Annotation> {
  const row = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(annotations)
      .set({ status: "rejected", version: sql`${annotations.version} + 1`, updatedAt: new Date() })
      .where(and(eq(annotations.id, annotationId), eq(annotations.projectId, projectId), inArray(annotations.status, ["submitted", "accepted"])))
      .returning();
    if (!updated) return null;
    await tx.update(images).set({ status: "unlabeled" }).where(eq(images.id, updated.imageId));
    await recordAudit(tx, { projectId, actorId: reviewerId, action: "annotation.reject", targetType: "annotation", targetId: annotationId, data: { reason } });
    return updated;
  });
  if (!row) throw await reviewFailure(deps.db, projectId, annotationId, "rejected");
  return row;
}

async function reviewFailure(db: Db, projectId: string, annotationId: string, wanted: string): Promise<DomainError> {
  const [row] = await db
    .select({ status: annotations.status })
    .from(annotations)
    .where(and(eq(annotations.id, annotationId), eq(annotations.projectId, projectId)));
  if (!row) return new DomainError("NOT_FOUND", "Annotation not found.");
  return new DomainError("CONFLICT", `This annotation is ${row.status}; it cannot be ${wanted}.`);
}

/**
 * Turns the reference masks of an import into accepted annotations with source `imported`
 * (idempotent: images that already have an imported annotation are left alone). Returns how many
 * were created.
 */
export async function acceptReferenceMasks(deps: { db: Db; storage: Storage; jobs?: JobQueue }, projectId: string): Promise<number> {
  const pending = await deps.db
    .select({ reference: referenceMasks })
    .from(referenceMasks)
    .innerJoin(images, eq(images.id, referenceMasks.imageId))
    .where(
      and(
        eq(images.projectId, projectId),
        notExists(
          deps.db
            .select({ one: sql`1` })
            .from(annotations)
            .where(and(eq(annotations.imageId, referenceMasks.imageId), eq(annotations.source, "imported"), isNull(annotations.annotatorId))),
        ),
      ),
    );
  let created = 0;
  for (const { reference } of pending) {
    const area = rleArea(await loadMaskRle(deps.storage, reference.storageKey));
    if (area === 0) continue; // an empty reference mask teaches nothing and cannot be evaluated
    const now = new Date();
    await deps.db.transaction(async (tx) => {
      await tx.insert(annotations).values({
        imageId: reference.imageId,
        projectId,
        annotatorId: null,
        status: "accepted",
        source: "imported",
        maskKey: reference.storageKey,
        maskArea: area,
        submittedAt: now,
        updatedAt: now,
      });
      await tx.update(images).set({ status: "accepted" }).where(eq(images.id, reference.imageId));
    });
    created++;
  }
  if (created > 0 && deps.jobs) await maybeStartAutoRound({ db: deps.db, jobs: deps.jobs }, projectId);
  return created;
}
