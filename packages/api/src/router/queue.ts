import { TRPCError } from "@trpc/server";
import { and, count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { images, parseProjectSettings } from "@clickloop/db";
import { projectProcedure, router } from "../trpc";
import { getOwnAnnotation } from "../services/annotation";
import { imageEmbeddingUrl, imageFileUrl } from "../services/image-urls";
import { nextQueueItem, releaseLease, renewLease } from "../services/queue";
import { toPreAnnotationView, toScoreView } from "../services/scoring";

const imageInput = z.object({ imageId: z.uuid() });

export const queueRouter = router({
  /**
   * Leases the image the annotator should work on (the one they already hold, else the next
   * open one in the project's queue order that nobody else holds); null when the queue is empty.
   * `rank` says why it is next; `preAnnotation` (unless the project turned it off) is the deployed
   * model's auto-prompted starting mask.
   */
  next: projectProcedure("annotator").mutation(async ({ ctx }) => {
    const item = await nextQueueItem(ctx.db, ctx.project.id, ctx.user.id);
    const [{ open } = { open: 0 }] = await ctx.db
      .select({ open: count() })
      .from(images)
      .where(and(eq(images.projectId, ctx.project.id), inArray(images.status, ["unlabeled", "in_progress"])));
    if (!item) return { item: null, openImages: open, strategy: null };
    const { preAnnotation } = parseProjectSettings(ctx.project.settings);
    const target = { projectId: ctx.project.id, imageId: item.image.id, userId: ctx.user.id };
    return {
      item: {
        image: {
          id: item.image.id,
          name: item.image.originalName,
          width: item.image.width,
          height: item.image.height,
          fileUrl: imageFileUrl(item.image.id),
          embeddingUrl: imageEmbeddingUrl(item.image.id),
        },
        embeddingReady: item.embeddingReady,
        leaseExpiresAt: item.lease.expiresAt,
        annotation: await getOwnAnnotation(ctx.db, ctx.storage, target),
        rank: item.score ? toScoreView(item.score, item.order.strategy) : null,
        preAnnotation: preAnnotation && item.score ? toPreAnnotationView(item.score) : null,
      },
      strategy: item.order.strategy,
      openImages: open,
    };
  }),

  /** Keeps the caller's lease alive while they work; CONFLICT when it expired and was taken. */
  renew: projectProcedure("annotator")
    .input(imageInput)
    .mutation(async ({ ctx, input }) => {
      const lease = await renewLease(ctx.db, ctx.project.id, ctx.user.id, input.imageId);
      if (!lease) throw new TRPCError({ code: "CONFLICT", message: "Your hold on this image expired and another annotator has it now." });
      return { expiresAt: lease.expiresAt };
    }),

  /** Gives the image back to the queue (e.g. the annotator leaves the workspace). */
  release: projectProcedure("annotator")
    .input(imageInput)
    .mutation(async ({ ctx, input }) => ({ released: await releaseLease(ctx.db, ctx.project.id, ctx.user.id, input.imageId) })),
});
