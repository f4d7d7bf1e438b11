import { z } from "zod";
import { DomainError } from "../errors";
import { projectProcedure, router } from "../trpc";
import { maskRleSchema } from "../services/annotation-mask";
import { acceptAnnotation, listReviewItems, rejectAnnotation } from "../services/review";
import { getReviewDetail, reviewBacklog } from "../services/review/detail";

const decision = (row: { id: string; status: string; version: number }) => ({ id: row.id, status: row.status, version: row.version });

export const reviewRouter = router({
  list: projectProcedure("lead")
    .input(z.object({ status: z.enum(["submitted", "accepted", "rejected"]).default("submitted"), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listReviewItems(ctx.db, ctx.project.id, input.status, input.limit)),

  /** One submission with its mask, click log, history and (consensus) the other annotator's mask. */
  item: projectProcedure("lead")
    .input(z.object({ annotationId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const detail = await getReviewDetail(ctx.db, ctx.storage, ctx.project.id, input.annotationId);
      if (!detail) throw new DomainError("NOT_FOUND", "Annotation not found.");
      return detail;
    }),

  backlog: projectProcedure("lead").query(async ({ ctx }) => ({ submitted: await reviewBacklog(ctx.db, ctx.project.id) })),

  accept: projectProcedure("lead")
    .input(z.object({ annotationId: z.uuid(), expectedVersion: z.number().int().min(1).optional(), correctedMask: maskRleSchema.optional() }))
    .mutation(async ({ ctx, input }) =>
      decision(await acceptAnnotation(ctx, ctx.project.id, input.annotationId, ctx.user.id, { expectedVersion: input.expectedVersion, correctedMask: input.correctedMask })),
    ),

  reject: projectProcedure("lead")
    .input(z.object({ annotationId: z.uuid(), reason: z.string().trim().min(1).max(500), expectedVersion: z.number().int().min(1).optional() }))
    .mutation(async ({ ctx, input }) =>
      decision(await rejectAnnotation(ctx, ctx.project.id, input.annotationId, ctx.user.id, input.reason, { expectedVersion: input.expectedVersion })),
    ),
});
