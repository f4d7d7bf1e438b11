import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, users } from "@clickloop/db";
import { projectProcedure, router } from "../trpc";

export const auditRouter = router({
  /** Newest first; `cursor` is the last id seen. */
  list: projectProcedure("lead")
    .input(z.object({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select({
          id: auditEvents.id,
          action: auditEvents.action,
          targetType: auditEvents.targetType,
          targetId: auditEvents.targetId,
          data: auditEvents.data,
          createdAt: auditEvents.createdAt,
          actorId: auditEvents.actorId,
          actorName: users.name,
          actorEmail: users.email,
        })
        .from(auditEvents)
        .leftJoin(users, eq(users.id, auditEvents.actorId))
        .where(and(eq(auditEvents.projectId, ctx.project.id), input.cursor ? lt(auditEvents.id, input.cursor) : undefined))
        .orderBy(desc(auditEvents.id))
        .limit(input.limit + 1);
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
    }),
});
