// When a mask becomes ground truth ("accepted"): right at submission in projects without review,
// by a lead's decision otherwise, and for reference masks that came with an import. Every
// acceptance checks the automatic training trigger.
import { and, asc, eq, inArray, isNull, notExists, sql } from "drizzle-orm";
import { annotations, images, projects, parseProjectSettings, referenceMasks, users, type Annotation, type Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import type { JobQueue } from "../jobs";
import { rleArea, type MaskRle } from "./annotation-mask";
import { loadMaskRle, storeMaskPng } from "./annotation-mask-png";
import { addRevision, decideLatestRevision } from "./review/revisions";
import { updateAgreement } from "./review/consensus";
import { recordAudit } from "./audit";
import { imageThumbnailUrl } from "./image-urls";
import { maybeStartAutoRound } from "./training";
import { DomainError } from "../errors";

export interface ReviewDeps {
  db: Db;
  jobs: JobQueue;
  /** Needed only to store a lead's corrected mask. */
  storage?: Storage;
}


/**
 * Call after an annotation was submitted: without `requireReview` it is accepted at once.
 * Returns the annotation as it now stands.
 */
export async function acceptOnSubmitUnlessReviewed(deps: ReviewDeps, annotation: Annotation): Promise<Annotation> {
  if (annotation.status !== "submitted") return annotation;
  // Every submission is kept as a revision (a resubmission after a rejection adds another).
  await addRevision(deps.db, annotation, "submission", annotation.annotatorId);
  const [project] = await deps.db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, annotation.projectId));
  const settings = parseProjectSettings(project?.settings);
  if (settings.overlap === 2 && deps.storage) await updateAgreement(deps.db, deps.storage, annotation.imageId);
  if (!project || settings.requireReview) return annotation;
  const accepted = await setAccepted(deps.db, annotation.projectId, annotation.id, ["submitted"], { reviewerId: null });
  if (!accepted) return annotation;
  await maybeStartAutoRound(deps, annotation.projectId);
  return accepted;
}

interface Acceptance {
  reviewerId: string | null;
  /** Refuse when the annotation changed since the reviewer loaded it. */
  expectedVersion?: number;
  /** A lead's corrected mask (stored, becomes the annotation's mask; the submission stays in the history). */
  correction?: { maskKey: string; maskArea: number };
}

async function setAccepted(db: Db, projectId: string, annotationId: string, from: Annotation["status"][], acceptance: Acceptance = { reviewerId: null }): Promise<Annotation | null> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const conditions = [eq(annotations.id, annotationId), eq(annotations.projectId, projectId), inArray(annotations.status, from)];
    if (acceptance.expectedVersion !== undefined) conditions.push(eq(annotations.version, acceptance.expectedVersion));
    const [row] = await tx
      .update(annotations)
      .set({
        status: "accepted",
        version: sql`${annotations.version} + 1`,
        updatedAt: now,
        reviewReason: acceptance.correction ? "Corrected by the reviewer" : null,
        reviewedBy: acceptance.reviewerId,
        reviewedAt: acceptance.reviewerId ? now : null,
        ...(acceptance.correction ?? {}),
      })
      .where(and(...conditions))
      .returning();
    if (!row) return null;
    await tx.update(images).set({ status: "accepted" }).where(eq(images.id, row.imageId));
    await decideLatestRevision(tx, row.id, "accepted", acceptance.reviewerId, acceptance.correction ? "Corrected by the reviewer" : null);
    if (acceptance.correction) await addRevision(tx, row, "correction", acceptance.reviewerId, "accepted");
    return row;
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
  modelVersionId: string | null;
  reviewReason: string | null;
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
    modelVersionId: a.modelVersionId,
    reviewReason: a.reviewReason,
    submittedAt: a.submittedAt,
  }));
}

export interface AcceptOptions {
  expectedVersion?: number;
  /** The lead's corrected mask, image-sized. */
  correctedMask?: MaskRle;
}

export async function acceptAnnotation(deps: ReviewDeps, projectId: string, annotationId: string, reviewerId: string, options: AcceptOptions = {}): Promise<Annotation> {
  let correction: Acceptance["correction"];
  if (options.correctedMask) {
    const [current] = await deps.db.select({ image: images }).from(annotations).innerJoin(images, eq(images.id, annotations.imageId)).where(and(eq(annotations.id, annotationId), eq(annotations.projectId, projectId)));
    if (!current) throw new DomainError("NOT_FOUND", "Annotation not found.");
    const mask = options.correctedMask;
    if (mask.width !== current.image.width || mask.height !== current.image.height) {
      throw new DomainError("BAD_REQUEST", `The corrected mask is ${mask.width}×${mask.height}; the image is ${current.image.width}×${current.image.height}.`);
    }
    const area = rleArea(mask);
    if (area === 0) throw new DomainError("BAD_REQUEST", "The corrected mask is empty: reject the submission instead.");
    if (!deps.storage) throw new Error("storage is required to accept a corrected mask");
    correction = { maskKey: await storeMaskPng(deps.storage, projectId, mask), maskArea: area };
  }
  const row = await setAccepted(deps.db, projectId, annotationId, ["submitted", "rejected"], { reviewerId, expectedVersion: options.expectedVersion, correction });
  if (!row) throw await reviewFailure(deps.db, projectId, annotationId, "accepted", options.expectedVersion);
  await recordAudit(deps.db, {
    projectId,
    actorId: reviewerId,
    action: correction ? "annotation.accept-corrected" : "annotation.accept",
    targetType: "annotation",
    targetId: annotationId,
  });
  await maybeStartAutoRound(deps, projectId);
  return row;
}

/**
 * Rejects a submitted (or accepted) mask with a reason. The image goes back to the queue of the
 * annotator who drew it (nobody else is served it), who sees the reason and resubmits.
 */
export async function rejectAnnotation(
  deps: ReviewDeps,
  projectId: string,
  annotationId: string,
  reviewerId: string,
  reason: string,
  options: { expectedVersion?: number } = {},
): Promise<Annotation> {
  const row = await deps.db.transaction(async (tx) => {
    const now = new Date();
    const conditions = [eq(annotations.id, annotationId), eq(annotations.projectId, projectId), inArray(annotations.status, ["submitted", "accepted"])];
    if (options.expectedVersion !== undefined) conditions.push(eq(annotations.version, options.expectedVersion));
    const [updated] = await tx
      .update(annotations)
      .set({ status: "rejected", version: sql`${annotations.version} + 1`, updatedAt: now, reviewReason: reason, reviewedBy: reviewerId, reviewedAt: now })
      .where(and(...conditions))
      .returning();
    if (!updated) return null;
    // Imported masks have no annotator to return to: the image is open for anyone.
    await tx.update(images).set({ status: updated.annotatorId ? "in_progress" : "unlabeled" }).where(eq(images.id, updated.imageId));
    await decideLatestRevision(tx, updated.id, "rejected", reviewerId, reason);
    await recordAudit(tx, { projectId, actorId: reviewerId, action: "annotation.reject", targetType: "annotation", targetId: annotationId, data: { reason } });
    return updated;
  });
  if (!row) throw await reviewFailure(deps.db, projectId, annotationId, "rejected", options.expectedVersion);
  return row;
}

async function reviewFailure(db: Db, projectId: string, annotationId: string, wanted: string, expectedVersion?: number): Promise<DomainError> {
  const [row] = await db
    .select({ status: annotations.status, version: annotations.version })
    .from(annotations)
    .where(and(eq(annotations.id, annotationId), eq(annotations.projectId, projectId)));
  if (!row) return new DomainError("NOT_FOUND", "Annotation not found.");
  if (expectedVersion !== undefined && row.version !== expectedVersion && (row.status === "submitted" || (wanted === "rejected" && row.status === "accepted"))) {
    return new DomainError("CONFLICT", "This annotation changed since you opened it (it was resubmitted or reviewed by someone else). Reload to review the latest version.");
  }
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
      const [inserted] = await tx.insert(annotations).values({
        imageId: reference.imageId,
        projectId,
        annotatorId: null,
        status: "accepted",
        source: "imported",
        maskKey: reference.storageKey,
        maskArea: area,
        submittedAt: now,
        updatedAt: now,
      }).returning();
      if (inserted) await addRevision(tx, inserted, "import", null, "accepted");
      await tx.update(images).set({ status: "accepted" }).where(eq(images.id, reference.imageId));
    });
    created++;
  }
  if (created > 0 && deps.jobs) await maybeStartAutoRound({ db: deps.db, jobs: deps.jobs }, projectId);
  return created;
}
