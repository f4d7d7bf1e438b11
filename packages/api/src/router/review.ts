import { z } from "zod";
import { projectProcedure, router } from "../trpc";
import { acceptAnnotation, listReviewItems, rejectAnnotation } from "../services/review";

const decision = (row: { id: string; status: string; version: number }) => ({ id: row.id, status: row.status, version: row.version });

export const reviewRouter = router({
  list: projectProcedure("lead")
    .input(z.object({ status: z.enum(["submitted", "accepted", "rejected"]).default("submitted"), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listReviewItems(ctx.db, ctx.project.id, input.status, input.limit)),

  accept: projectProcedure("lead")
    .input(z.object({ annotationId: z.uuid() }))
    .mutation(async ({ ctx, input }) => decision(await acceptAnnotation(ctx, ctx.project.id, input.annotationId, ctx.user.id))),

  reject: projectProcedure("lead")
    .input(z.object({ annotationId: z.uuid(), reason: z.string().trim().min(1).max(500) }))
    .mutation(async ({ ctx, input }) => decision(await rejectAnnotation(ctx, ctx.project.id, input.annotationId, ctx.user.id, input.reason))),
});
