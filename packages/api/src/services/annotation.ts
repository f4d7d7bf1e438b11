// Saving annotations with optimistic locking: every write names the version it last read and
// bumps it; a write based on a stale version is refused, never merged or overwritten.
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { annotations, imageLeases, images, type Annotation, type AnnotationStatus, type Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { maskRleSchema, rleArea, type MaskRle } from "./annotation-mask";
import { loadMaskRle, storeMaskPng } from "./annotation-mask-png";
import { LEASE_MS } from "./queue";
import { DomainError } from "../errors";

export const annotationClickSchema = z.object({
  x: z.number().finite().min(0),
  y: z.number().finite().min(0),
  positive: z.boolean(),
  t: z.number().int().min(0),
});

export const annotationBoxSchema = z.object({ x0: z.number().finite(), y0: z.number().finite(), x1: z.number().finite(), y1: z.number().finite() });

export const annotationContentSchema = z.object({
  /** The version this write is based on; null when the client has never seen a saved row. */
  expectedVersion: z.number().int().min(1).nullable(),
  mask: maskRleSchema.nullable(),
  clicks: z.array(annotationClickSchema).max(10_000),
  box: annotationBoxSchema.nullable(),
  modelVersionId: z.string().min(1).max(100).nullable(),
  modelSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  timeSpentMs: z.number().int().min(0).max(7 * 24 * 3600_000),
  clickCount: z.number().int().min(0).max(100_000),
});

export type AnnotationContent = z.infer<typeof annotationContentSchema>;


export interface AnnotationTarget {
  projectId: string;
  imageId: string;
  userId: string;
}

async function findOwn(db: Db, t: AnnotationTarget): Promise<Annotation | null> {
  const [row] = await db
    .select()
    .from(annotations)
    .where(and(eq(annotations.imageId, t.imageId), eq(annotations.annotatorId, t.userId), eq(annotations.projectId, t.projectId)));
  return row ?? null;
}

async function imageOf(db: Db, t: AnnotationTarget) {
  const [image] = await db.select().from(images).where(and(eq(images.id, t.imageId), eq(images.projectId, t.projectId)));
  if (!image) throw new DomainError("BAD_REQUEST", "Image not found in this project");
  return image;
}

function staleMessage(current: Annotation, expected: number | null): string {
  if (current.status !== "draft" && current.status !== "rejected") {
    return `This image was already ${current.status} (version ${current.version}); the change was not saved. Reload to see the saved annotation.`;
  }
  return `This annotation was saved from another tab or device (version ${current.version}, yours is based on ${expected ?? "none"}). Nothing was overwritten: reload to continue from the latest version.`;
}

/**
 * Inserts or updates the caller's annotation of an image, in the given status, if and only if
 * `expectedVersion` matches the stored version (or there is no row and it is null).
 */
async function writeAnnotation(
  db: Db,
  storage: Storage,
  t: AnnotationTarget,
  content: AnnotationContent,
  status: AnnotationStatus,
  extra: { skipReason?: string | null } = {},
): Promise<Annotation> {
  const image = await imageOf(db, t);
  if (content.mask && (content.mask.width !== image.width || content.mask.height !== image.height)) {
    throw new DomainError("BAD_REQUEST", `Mask is ${content.mask.width}×${content.mask.height}, image is ${image.width}×${image.height}`);
  }
  const maskKey = content.mask ? await storeMaskPng(storage, t.projectId, content.mask) : null;
  const now = new Date();
  const values = {
    status,
    maskKey,
    maskArea: content.mask ? rleArea(content.mask) : 0,
    clicks: content.clicks,
    box: content.box,
    modelVersionId: content.modelVersionId,
    modelSha256: content.modelSha256,
    timeSpentMs: content.timeSpentMs,
    clickCount: content.clickCount,
    skipReason: extra.skipReason ?? null,
    updatedAt: now,
    submittedAt: status === "draft" ? null : now,
  };
  if (content.expectedVersion === null) {
    const inserted = await db
      .insert(annotations)
      .values({ ...values, imageId: t.imageId, projectId: t.projectId, annotatorId: t.userId, version: 1, source: "human" })
      .onConflictDoNothing()
      .returning();
    if (inserted[0]) return inserted[0];
  } else {
    const updated = await db
      .update(annotations)
      .set({ ...values, version: sql`${annotations.version} + 1` })
      .where(
        and(
          eq(annotations.imageId, t.imageId),
          eq(annotations.annotatorId, t.userId),
          eq(annotations.version, content.expectedVersion),
          // A rejected mask is the annotator's to fix and resubmit.
          inArray(annotations.status, ["draft", "rejected"]),
        ),
      )
      .returning();
    if (updated[0]) return updated[0];
  }
  const current = await findOwn(db, t);
  if (!current) throw new DomainError("CONFLICT", "This annotation no longer exists. Reload to start again.");
  throw new DomainError("CONFLICT", staleMessage(current, content.expectedVersion));
}

export async function saveDraft(db: Db, storage: Storage, t: AnnotationTarget, content: AnnotationContent): Promise<Annotation> {
  const saved = await writeAnnotation(db, storage, t, content, "draft");
  // Saving is activity: keep the caller's lease alive.
  await db
    .update(imageLeases)
    .set({ expiresAt: new Date(Date.now() + LEASE_MS) })
    .where(and(eq(imageLeases.imageId, t.imageId), eq(imageLeases.userId, t.userId)));
  return saved;
}

async function finish(db: Db, t: AnnotationTarget, imageStatus: "submitted" | "skipped") {
  await db.update(images).set({ status: imageStatus }).where(eq(images.id, t.imageId));
  await db.delete(imageLeases).where(and(eq(imageLeases.imageId, t.imageId), eq(imageLeases.userId, t.userId)));
}

export async function submitAnnotation(db: Db, storage: Storage, t: AnnotationTarget, content: AnnotationContent): Promise<Annotation> {
  if (!content.mask || rleArea(content.mask) === 0) throw new DomainError("BAD_REQUEST", "Cannot submit an empty mask: draw the structure or skip the image with a reason.");
  const saved = await writeAnnotation(db, storage, t, content, "submitted");
  await finish(db, t, "submitted");
  return saved;
}

export async function skipImage(db: Db, storage: Storage, t: AnnotationTarget, content: AnnotationContent, reason: string): Promise<Annotation> {
  const saved = await writeAnnotation(db, storage, t, { ...content, mask: null }, "skipped", { skipReason: reason });
  await finish(db, t, "skipped");
  return saved;
}

export interface AnnotationView {
  id: string;
  imageId: string;
  status: AnnotationStatus;
  version: number;
  mask: MaskRle | null;
  clicks: Annotation["clicks"];
  box: Annotation["box"];
  modelVersionId: string | null;
  timeSpentMs: number;
  clickCount: number;
  skipReason: string | null;
  /** Why a lead sent the mask back (shown in the workspace), or null. */
  reviewReason: string | null;
  updatedAt: Date;
  submittedAt: Date | null;
}

export async function toAnnotationView(storage: Storage, row: Annotation): Promise<AnnotationView> {
  return {
    id: row.id,
    imageId: row.imageId,
    status: row.status,
    version: row.version,
    mask: row.maskKey ? await loadMaskRle(storage, row.maskKey) : null,
    clicks: row.clicks,
    box: row.box ?? null,
    modelVersionId: row.modelVersionId,
    timeSpentMs: row.timeSpentMs,
    clickCount: row.clickCount,
    skipReason: row.skipReason,
    reviewReason: row.status === "rejected" || row.status === "draft" ? row.reviewReason : null,
    updatedAt: row.updatedAt,
    submittedAt: row.submittedAt,
  };
}

/** The caller's annotation of an image (draft or final), with its mask. */
export async function getOwnAnnotation(db: Db, storage: Storage, t: AnnotationTarget): Promise<AnnotationView | null> {
  const row = await findOwn(db, t);
  return row ? toAnnotationView(storage, row) : null;
}
