// Deleting an image: the rows go in one transaction (cascades take annotations, embeddings,
// leases, the reference mask row), then the files. The image row is locked first, so a job
// finishing meanwhile (thumbnail, embedding) either committed before — and its file is in the
// list below — or finds the image gone and removes what it wrote (see apps/worker/src/jobs).
import { and, eq, isNotNull } from "drizzle-orm";
import { annotations, embeddings, images, referenceMasks, type Db, type Image } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { DomainError } from "../errors";
import { recordAudit } from "./audit";
import { deleteUnreferencedMasks, MASK_GRACE_MS } from "./storage-gc";


export interface DeleteImageInput {
  projectId: string;
  imageId: string;
  actorId: string | null;
  /** Mask files younger than this are left to the periodic collector (they may be shared by a save in flight). */
  maskGraceMs?: number;
}

export async function deleteImage(deps: { db: Db; storage: Storage }, input: DeleteImageInput): Promise<Image> {
  const deleted = await deps.db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ id: images.id })
      .from(images)
      .where(and(eq(images.id, input.imageId), eq(images.projectId, input.projectId)))
      .for("update");
    if (!locked) throw new DomainError("NOT_FOUND", "Image not found.");
    const embeddingKeys = (await tx.select({ key: embeddings.storageKey }).from(embeddings).where(eq(embeddings.imageId, input.imageId))).map((r) => r.key);
    const referenceKeys = (await tx.select({ key: referenceMasks.storageKey }).from(referenceMasks).where(eq(referenceMasks.imageId, input.imageId))).map((r) => r.key);
    const maskKeys = (
      await tx
        .select({ key: annotations.maskKey })
        .from(annotations)
        .where(and(eq(annotations.imageId, input.imageId), isNotNull(annotations.maskKey)))
    ).map((r) => r.key!);
    const [row] = await tx.delete(images).where(eq(images.id, input.imageId)).returning();
    if (!row) throw new DomainError("NOT_FOUND", "Image not found.");
    await recordAudit(tx, {
      projectId: input.projectId,
      actorId: input.actorId,
      action: "image.deleted",
      targetType: "image",
      targetId: row.id,
      data: { name: row.originalName, sha256: row.sha256 },
    });
    return { row, embeddingKeys, referenceKeys, maskKeys };
  });
  // Files go after the commit: a failed delete leaves an orphan file, never a row without its file.
  // The original, thumbnail and embeddings are named by the image's SHA-256, unique in the project.
  const own = [deleted.row.storageKey, deleted.row.thumbnailKey, ...deleted.embeddingKeys].filter((k): k is string => Boolean(k));
  await Promise.allSettled(own.map((key) => deps.storage.delete(key)));
  // Reference masks and annotation masks are content-addressed: another image may share one.
  await Promise.allSettled(deleted.referenceKeys.map(async (key) => {
    const users = await deps.db.select({ id: referenceMasks.imageId }).from(referenceMasks).where(eq(referenceMasks.storageKey, key)).limit(1);
    if (users.length === 0) await deps.storage.delete(key);
  }));
  await deleteUnreferencedMasks(deps, deleted.maskKeys, input.maskGraceMs ?? MASK_GRACE_MS);
  return deleted.row;
}
