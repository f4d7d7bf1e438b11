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
import type { Annotation } from "@clickloop/db";
import { acceptOnSubmitUnlessReviewed } from "../services/review";

const targetInput = z.object({ imageId: z.uuid() });
const writeInput = targetInput.extend(annotationContentSchema.shape);

function target(ctx: { project: { id: string }; user: { id: string } }, imageId: string): AnnotationTarget {
  return { projectId: ctx.project.id, imageId, userId: ctx.user.id };
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
      saved(await acceptOnSubmitUnlessReviewed(ctx, await submitAnnotation(ctx.db, ctx.storage, target(ctx, input.imageId), input))),
    ),

  skip: projectProcedure("annotator")
    .input(writeInput.extend({ reason: z.string().trim().min(1).max(500) }))
    .mutation(async ({ ctx, input }) => saved(await skipImage(ctx.db, ctx.storage, target(ctx, input.imageId), input, input.reason))),
});
