// Everything the review page shows for one submission: the image, the mask and its click log,
// effort, the model that helped, the history of versions and, with overlap 2, the other
// annotator's mask and the agreement between them.
import { and, asc, count, eq, inArray, ne } from "drizzle-orm";
import { annotationAgreements, annotations, images, modelVersions, users, type Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { decodeMaskRle, type MaskRle } from "../annotation-mask";
import { loadMaskRle } from "../annotation-mask-png";
import { imageEmbeddingUrl, imageFileUrl } from "../image-urls";
import { listRevisions } from "./revisions";

/** Dice of two binary masks of the same size (1 when both are empty). */
export function diceOf(a: Uint8Array, b: Uint8Array): number {
  let inter = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ? 1 : 0;
    const y = b[i] ? 1 : 0;
    inter += x & y;
    sum += x + y;
  }
  return sum === 0 ? 1 : (2 * inter) / sum;
}

export async function modelLabels(db: Db, projectId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>([["base", "Base MobileSAM"]]);
  const uuids = [...new Set(ids.filter((id): id is string => !!id && /^[0-9a-f-]{36}$/i.test(id)))];
  if (uuids.length > 0) {
    const rows = await db
      .select({ id: modelVersions.id, number: modelVersions.number })
      .from(modelVersions)
      .where(and(eq(modelVersions.projectId, projectId), inArray(modelVersions.id, uuids)));
    for (const row of rows) labels.set(row.id, `Version ${row.number}`);
  }
  return labels;
}

export interface ReviewDetail {
  annotation: {
    id: string;
    status: string;
    version: number;
    source: string;
    mask: MaskRle | null;
    clicks: { x: number; y: number; positive: boolean; t: number }[];
    box: { x0: number; y0: number; x1: number; y1: number } | null;
    clickCount: number;
    timeSpentMs: number;
    modelVersionId: string | null;
    modelLabel: string | null;
    reviewReason: string | null;
    submittedAt: Date | null;
    annotator: { id: string; name: string | null; email: string | null } | null;
  };
  image: { id: string; name: string; width: number; height: number; fileUrl: string; embeddingUrl: string };
  revisions: {
    id: string;
    revision: number;
    kind: string;
    authorName: string | null;
    outcome: string;
    reviewReason: string | null;
    maskArea: number;
    clickCount: number;
    timeSpentMs: number;
    createdAt: Date;
  }[];
  /** Other annotators' final masks of the same image (consensus), with Dice against this one. */
  others: { annotationId: string; annotatorName: string | null; status: string; mask: MaskRle; dice: number | null }[];
  agreement: number | null;
}

export async function getReviewDetail(db: Db, storage: Storage, projectId: string, annotationId: string): Promise<ReviewDetail | null> {
  const [row] = await db
    .select({ annotation: annotations, image: images, annotator: { id: users.id, name: users.name, email: users.email } })
    .from(annotations)
    .innerJoin(images, eq(images.id, annotations.imageId))
    .leftJoin(users, eq(users.id, annotations.annotatorId))
    .where(and(eq(annotations.id, annotationId), eq(annotations.projectId, projectId)));
  if (!row) return null;
  const { annotation: a, image } = row;
  const mask = a.maskKey ? await loadMaskRle(storage, a.maskKey) : null;

  const otherRows = await db
    .select({ annotation: annotations, name: users.name })
    .from(annotations)
    .leftJoin(users, eq(users.id, annotations.annotatorId))
    .where(and(eq(annotations.imageId, image.id), ne(annotations.id, a.id), inArray(annotations.status, ["submitted", "accepted"])))
    .orderBy(asc(annotations.submittedAt));
  const own = mask ? decodeMaskRle(mask) : null;
  const others: ReviewDetail["others"] = [];
  for (const other of otherRows) {
    if (!other.annotation.maskKey) continue;
    const otherMask = await loadMaskRle(storage, other.annotation.maskKey);
    others.push({
      annotationId: other.annotation.id,
      annotatorName: other.name,
      status: other.annotation.status,
      mask: otherMask,
      dice: own ? diceOf(own, decodeMaskRle(otherMask)) : null,
    });
  }
  const [agreement] = await db.select({ dice: annotationAgreements.dice }).from(annotationAgreements).where(eq(annotationAgreements.imageId, image.id));

  const revisionRows = await listRevisions(db, a.id);
  const authorIds = [...new Set(revisionRows.map((r) => r.authorId).filter((id): id is string => !!id))];
  const authors = authorIds.length ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, authorIds)) : [];
  const authorName = new Map(authors.map((u) => [u.id, u.name ?? u.email]));
  const labels = await modelLabels(db, projectId, [a.modelVersionId]);

  return {
    annotation: {
      id: a.id,
      status: a.status,
      version: a.version,
      source: a.source,
      mask,
      clicks: a.clicks,
      box: a.box ?? null,
      clickCount: a.clickCount,
      timeSpentMs: a.timeSpentMs,
      modelVersionId: a.modelVersionId,
      modelLabel: a.modelVersionId ? (labels.get(a.modelVersionId) ?? a.modelVersionId) : null,
      reviewReason: a.reviewReason,
      submittedAt: a.submittedAt,
      annotator: row.annotator?.id ? row.annotator : null,
    },
    image: { id: image.id, name: image.originalName, width: image.width, height: image.height, fileUrl: imageFileUrl(image.id), embeddingUrl: imageEmbeddingUrl(image.id) },
    revisions: revisionRows.map((r) => ({
      id: r.id,
      revision: r.revision,
      kind: r.kind,
      authorName: r.authorId ? (authorName.get(r.authorId) ?? null) : null,
      outcome: r.outcome,
      reviewReason: r.reviewReason,
      maskArea: r.maskArea,
      clickCount: r.clickCount,
      timeSpentMs: r.timeSpentMs,
      createdAt: r.createdAt,
    })),
    others,
    agreement: agreement?.dice ?? null,
  };
}

/** Submissions waiting for review in the project. */
export async function reviewBacklog(db: Db, projectId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(annotations).where(and(eq(annotations.projectId, projectId), eq(annotations.status, "submitted")));
  return row?.n ?? 0;
}
