// Who may finish an image. The queue leases each image to one annotator; only that annotator
// (or a lead, who curates the project) may submit or skip it — otherwise anyone could skip
// every image out of everyone's queue. Accepted masks are ground truth for training: a plain
// submit or skip never replaces one. A lead can put a skipped image back in the queue.
import { and, eq, sql } from "drizzle-orm";
import { annotations, imageLeases, images, roleAtLeast, type Db, type ProjectRole } from "@clickloop/db";
import { recordAudit } from "./audit";
import { DomainError } from "../errors";
import type { AnnotationTarget } from "./annotation";

/** Throws unless the caller holds the image's lease or is a lead. */
export async function assertMayFinish(db: Db, t: AnnotationTarget, role: ProjectRole): Promise<void> {
  if (roleAtLeast(role, "lead")) return;
  // The lease row still naming the caller counts even just after expiry: nobody else has taken
  // the image over, and the caller was served it.
  const [lease] = await db
    .select({ userId: imageLeases.userId })
    .from(imageLeases)
    .where(and(eq(imageLeases.imageId, t.imageId), eq(imageLeases.projectId, t.projectId), eq(imageLeases.userId, t.userId)));
  if (!lease) {
    throw new DomainError("FORBIDDEN", "This image is not the one the queue gave you (or someone else took it over). Reload to get your next image.");
  }
}

/** Un-skips an image: skipped annotations become drafts again and the image returns to the queue. */
export async function unskipImage(db: Db, projectId: string, imageId: string, actorId: string): Promise<{ imageId: string; status: "unlabeled" }> {
  return db.transaction(async (tx) => {
    const [image] = await tx
      .select({ status: images.status })
      .from(images)
      .where(and(eq(images.id, imageId), eq(images.projectId, projectId)))
      .for("update");
    if (!image) throw new DomainError("NOT_FOUND", "Image not found in this project.");
    if (image.status !== "skipped") throw new DomainError("CONFLICT", `Only a skipped image can be returned to the queue (this one is ${image.status}).`);
    const skipped = await tx
      .select({ id: annotations.id, annotatorId: annotations.annotatorId, skipReason: annotations.skipReason })
      .from(annotations)
      .where(and(eq(annotations.imageId, imageId), eq(annotations.status, "skipped")));
    await tx
      .update(annotations)
      .set({ status: "draft", skipReason: null, submittedAt: null, version: sql`${annotations.version} + 1`, updatedAt: new Date() })
      .where(and(eq(annotations.imageId, imageId), eq(annotations.status, "skipped")));
    await tx.update(images).set({ status: "unlabeled" }).where(eq(images.id, imageId));
    // The reasons leave the annotation rows; the audit log keeps them.
    await recordAudit(tx, {
      projectId,
      actorId,
      action: "image.unskip",
      targetType: "image",
      targetId: imageId,
      data: { reasons: skipped.map((r) => r.skipReason ?? ""), annotators: skipped.map((r) => r.annotatorId) },
    });
    return { imageId, status: "unlabeled" as const };
  });
}
