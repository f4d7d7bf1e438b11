import { TRPCError } from "@trpc/server";
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { embeddings, images, imageScores, imageStatusEnum, type Image, type ImageScore } from "@clickloop/db";
import { projectProcedure, router } from "../trpc";
import { afterCursor, decodeCursor, encodeCursor, exactTimestamp } from "../services/cursor";
import { deleteImage } from "../services/image-delete";
import { imageEmbeddingUrl, imageFileUrl, imageThumbnailUrl } from "../services/image-urls";
import { resolveQueueOrder } from "../services/queue-order";
import { toScoreView } from "../services/scoring";

const imageInput = z.object({ imageId: z.uuid() });

/** At cold start there is no score: the served strategy's rank orders the scored images. */
function queueRank(strategy: "uncertainty" | "diversity" | "random" | "upload") {
  return { uncertainty: imageScores.rankUncertainty, diversity: imageScores.rankDiversity, random: imageScores.rankRandom, upload: images.createdAt }[strategy];
}

export const imageRouter = router({
  /**
   * Oldest first (upload order, keyset-paginated), or `sort: "score"`: most uncertain first under the
   * served scoring generation (unscored last; offset cursor). Each item carries its score parts and
   * rank under the queue's strategy (null when not scored).
   */
  list: projectProcedure("annotator")
    .input(
      z.object({
        status: z.enum(imageStatusEnum.enumValues).optional(),
        sort: z.enum(["upload", "score"]).default("upload"),
        cursor: z.string().max(200).nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const filters: SQL[] = [eq(images.projectId, ctx.project.id)];
      if (input.status) filters.push(eq(images.status, input.status));
      const [{ total } = { total: 0 }] = await ctx.db
        .select({ total: count() })
        .from(images)
        .where(and(...filters));
      const order = await resolveQueueOrder(ctx.db, ctx.project);
      const scoreJoin = and(eq(imageScores.imageId, images.id), order.runId ? eq(imageScores.scoringRunId, order.runId) : sql`false`);
      const item = (row: Image, score: ImageScore | null) => ({
        id: row.id,
        name: row.originalName,
        width: row.width,
        height: row.height,
        status: row.status,
        thumbnailUrl: row.thumbnailKey ? imageThumbnailUrl(row.id) : null,
        createdAt: row.createdAt,
        score: score ? toScoreView(score, order.strategy) : null,
      });

      if (input.sort === "score") {
        const offset = input.cursor ? Number(input.cursor) : 0;
        if (!Number.isSafeInteger(offset) || offset < 0) throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid cursor." });
        const rows = await ctx.db
          .select({ image: images, score: imageScores })
          .from(images)
          .leftJoin(imageScores, scoreJoin)
          .where(and(...filters))
          .orderBy(sql`${imageScores.score} desc nulls last`, sql`${queueRank(order.strategy)} asc nulls last`, asc(images.createdAt), asc(images.id))
          .offset(offset)
          .limit(input.limit + 1);
        return {
          items: rows.slice(0, input.limit).map((r) => item(r.image, r.score)),
          nextCursor: rows.length > input.limit ? String(offset + input.limit) : null,
          total,
        };
      }

      if (input.cursor) {
        const cursor = decodeCursor(input.cursor);
        if (!cursor) throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid cursor." });
        const after = afterCursor(images.createdAt, images.id, cursor);
        if (after) filters.push(after);
      }
      const rows = await ctx.db
        .select({ image: images, score: imageScores, exactCreatedAt: exactTimestamp(images.createdAt) })
        .from(images)
        .leftJoin(imageScores, scoreJoin)
        .where(and(...filters))
        .orderBy(asc(images.createdAt), asc(images.id))
        .limit(input.limit + 1);
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => item(r.image, r.score)),
        nextCursor: rows.length > input.limit && last ? encodeCursor(last.exactCreatedAt, last.image.id) : null,
        total,
      };
    }),

  byId: projectProcedure("annotator")
    .input(imageInput)
    .query(async ({ ctx, input }) => {
      const [row] = await ctx.db
        .select()
        .from(images)
        .where(and(eq(images.id, input.imageId), eq(images.projectId, ctx.project.id)));
      if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "Image not found." });
      const embeddingRows = await ctx.db
        .select({ encoderId: embeddings.encoderId, shape: embeddings.shape, dtype: embeddings.dtype, createdAt: embeddings.createdAt })
        .from(embeddings)
        .where(eq(embeddings.imageId, row.id));
      return {
        id: row.id,
        projectId: row.projectId,
        name: row.originalName,
        width: row.width,
        height: row.height,
        mime: row.mime,
        byteSize: row.byteSize,
        sha256: row.sha256,
        status: row.status,
        createdAt: row.createdAt,
        fileUrl: imageFileUrl(row.id),
        thumbnailUrl: row.thumbnailKey ? imageThumbnailUrl(row.id) : null,
        embeddingUrl: embeddingRows.length > 0 ? imageEmbeddingUrl(row.id) : null,
        embeddings: embeddingRows,
      };
    }),

  delete: projectProcedure("lead")
    .input(imageInput)
    .mutation(async ({ ctx, input }) => {
      const row = await deleteImage(ctx, { projectId: ctx.project.id, imageId: input.imageId, actorId: ctx.user.id });
      return { id: row.id };
    }),
});
