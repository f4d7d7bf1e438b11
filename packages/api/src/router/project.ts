import { TRPCError } from "@trpc/server";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { memberships, mergeProjectSettings, parseProjectSettings, projects, projectSettingsPatchSchema, type Project, type ProjectRole, type ProjectSettings } from "@clickloop/db";
import { instanceAdminProcedure, projectProcedure, protectedProcedure, router } from "../trpc";
import { recordAudit } from "../services/audit";
import { countsFor, imageCountsByProject } from "../services/counts";

const nameSchema = z.string().trim().min(1).max(120);
const targetLabelSchema = z.string().trim().min(1).max(60);
const descriptionSchema = z.string().trim().max(2000);

export const projectRouter = router({
  /** Projects the caller belongs to (instance admins see all), with image counts by status. */
  list: protectedProcedure.query(async ({ ctx }) => {
    const rows: { project: Project; role: ProjectRole }[] = ctx.user.isInstanceAdmin
      ? (await ctx.db.select().from(projects).orderBy(asc(projects.name))).map((project) => ({ project, role: "admin" }))
      : await ctx.db
          .select({ project: projects, role: memberships.role })
          .from(memberships)
          .innerJoin(projects, eq(projects.id, memberships.projectId))
          .where(eq(memberships.userId, ctx.user.id))
          .orderBy(asc(projects.name));
    const counts = await imageCountsByProject(
      ctx.db,
      rows.map((r) => r.project.id),
    );
    return rows.map(({ project, role }) => ({
      id: project.id,
      name: project.name,
      targetLabel: project.targetLabel,
      description: project.description,
      createdAt: project.createdAt,
      role,
      counts: countsFor(counts, project.id),
    }));
  }),

  create: instanceAdminProcedure
    .input(z.object({ name: nameSchema, targetLabel: targetLabelSchema, description: descriptionSchema.default("") }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction(async (tx) => {
        const [project] = await tx.insert(projects).values({ ...input, createdBy: ctx.user.id }).returning();
        if (!project) throw new Error("insert returned no row");
        await tx.insert(memberships).values({ projectId: project.id, userId: ctx.user.id, role: "admin" });
        await recordAudit(tx, {
          projectId: project.id,
          actorId: ctx.user.id,
          action: "project.created",
          targetType: "project",
          targetId: project.id,
          data: { name: project.name },
        });
        return { ...project, settings: parseProjectSettings(project.settings) };
      });
    }),

  byId: projectProcedure("annotator").query(async ({ ctx }) => {
    const counts = await imageCountsByProject(ctx.db, [ctx.project.id]);
    return {
      ...ctx.project,
      settings: parseProjectSettings(ctx.project.settings),
      role: ctx.role,
      counts: countsFor(counts, ctx.project.id),
    };
  }),

  update: projectProcedure("admin")
    .input(
      z.object({
        name: nameSchema.optional(),
        targetLabel: targetLabelSchema.optional(),
        description: descriptionSchema.optional(),
        settings: projectSettingsPatchSchema.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction(async (tx) => {
        // Merge into the settings as stored now (row-locked), not as loaded with the request:
        // two admins changing different keys at once both keep their change.
        let settings: ProjectSettings | undefined;
        if (input.settings) {
          const [current] = await tx.select({ settings: projects.settings }).from(projects).where(eq(projects.id, ctx.project.id)).for("update");
          settings = mergeProjectSettings(current?.settings, input.settings);
        }
        const [project] = await tx
          .update(projects)
          .set({
            name: input.name,
            targetLabel: input.targetLabel,
            description: input.description,
            settings,
            updatedAt: new Date(),
          })
          .where(eq(projects.id, ctx.project.id))
          .returning();
        if (!project) throw new TRPCError({ code: "NOT_FOUND", message: "Project not found." });
        const { projectId: _projectId, ...changes } = input;
        await recordAudit(tx, {
          projectId: project.id,
          actorId: ctx.user.id,
          action: "project.updated",
          targetType: "project",
          targetId: project.id,
          data: changes,
        });
        return { ...project, settings: parseProjectSettings(project.settings) };
      });
    }),
});
