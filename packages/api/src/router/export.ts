import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { exportFormatEnum, exportJobs, memberships, type ExportJob } from "@clickloop/db";
import { DomainError } from "../errors";
import { projectProcedure, router } from "../trpc";
import { EXPORT_FORMATS, listExports, requestExport } from "../services/export/exports";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD");

const filterSchema = z
  .object({
    acceptedOnly: z.boolean().default(true),
    from: isoDate.nullable().default(null),
    to: isoDate.nullable().default(null),
    annotatorId: z.string().min(1).max(100).nullable().default(null),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The start date is after the end date." });

const view = (job: ExportJob, projectId: string) => ({
  id: job.id,
  format: job.format,
  formatLabel: EXPORT_FORMATS[job.format].label,
  filter: job.filter,
  status: job.status,
  done: job.done,
  total: job.total,
  byteSize: job.byteSize,
  error: job.error,
  createdAt: job.createdAt,
  finishedAt: job.finishedAt,
  downloadUrl: job.status === "succeeded" ? `/api/projects/${projectId}/exports/${job.id}/download` : null,
});

export const exportRouter = router({
  /** Queues an export of the project's masks (background job; poll `list` for progress). */
  create: projectProcedure("lead")
    .input(z.object({ format: z.enum(exportFormatEnum.enumValues), filter: filterSchema }))
    .mutation(async ({ ctx, input }) => {
      if (input.filter.annotatorId) {
        const [member] = await ctx.db
          .select({ userId: memberships.userId })
          .from(memberships)
          .where(and(eq(memberships.projectId, ctx.project.id), eq(memberships.userId, input.filter.annotatorId)));
        if (!member) throw new DomainError("BAD_REQUEST", "That annotator is not a member of this project.");
      }
      const job = await requestExport(ctx, { projectId: ctx.project.id, userId: ctx.user.id, format: input.format, filter: input.filter });
      return view(job, ctx.project.id);
    }),

  list: projectProcedure("lead").query(async ({ ctx }) => (await listExports(ctx.db, ctx.project.id)).map((job) => view(job, ctx.project.id))),

  get: projectProcedure("lead")
    .input(z.object({ exportId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const [job] = await ctx.db.select().from(exportJobs).where(and(eq(exportJobs.id, input.exportId), eq(exportJobs.projectId, ctx.project.id)));
      if (!job) throw new DomainError("NOT_FOUND", "Export not found.");
      return view(job, ctx.project.id);
    }),
});
