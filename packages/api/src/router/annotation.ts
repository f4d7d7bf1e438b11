import { z } from "zod";
import { projectProcedure, router } from "../trpc";
import {
  annotationContentSchema,
  getOwnAnnotation,
  saveDraft,
  skipImage,
  submitAnnotation,
  type AnnotationTarget,
} from "../services/annotation";
import type { Annotation, Db, ProjectRole } from "@clickloop/db";
import { acceptOnSubmitUnlessReviewed } from "../services/review";
import { assertMayFinish, unskipImage } from "../services/annotation-guard";

const targetInput = z.object({ imageId: z.uuid() });
const writeInput = targetInput.extend(annotationContentSchema.shape);

function target(ctx: { project: { id: string }; user: { id: string } }, imageId: string): AnnotationTarget {
  return { projectId: ctx.project.id, imageId, userId: ctx.user.id };
}

/** Submit and skip: only the lease holder or a lead. */
async function finishable(ctx: { db: Db; project: { id: string }; user: { id: string }; role: ProjectRole }, imageId: string): Promise<AnnotationTarget> {
  const t = target(ctx, imageId);
  await assertMayFinish(ctx.db, t, ctx.role);
  return t;
}

const saved = (row: Annotation) => ({ id: row.id, status: row.status, version: row.version, updatedAt: row.updatedAt });

export const annotationRouter = router({
  /** The caller's annotation of an image (draft or final) with its mask, or null. */
  get: projectProcedure("annotator")
    .input(targetInput)
    .query(({ ctx, input }) => getOwnAnnotation(ctx.db, ctx.storage, target(ctx, input.imageId))),

  saveDraft: projectProcedure("annotator")
    .input(writeInput)
    .mutation(async ({ ctx, input }) => saved(await saveDraft(ctx.db, ctx.storage, target(ctx, input.imageId), input))),

  submit: projectProcedure("annotator")
    .input(writeInput)
    .mutation(async ({ ctx, input }) =>
      // Without review a submission is accepted at once (and may trigger a training round).
      saved(await acceptOnSubmitUnlessReviewed(ctx, await submitAnnotation(ctx.db, ctx.storage, await finishable(ctx, input.imageId), input))),
    ),

  skip: projectProcedure("annotator")
    .input(writeInput.extend({ reason: z.string().trim().min(1).max(500) }))
    .mutation(async ({ ctx, input }) => saved(await skipImage(ctx.db, ctx.storage, await finishable(ctx, input.imageId), input, input.reason))),

  /** A lead returns a skipped image to the queue (the skip reasons move to the audit log). */
  unskip: projectProcedure("lead")
    .input(targetInput)
    .mutation(({ ctx, input }) => unskipImage(ctx.db, ctx.project.id, input.imageId, ctx.user.id)),
});
