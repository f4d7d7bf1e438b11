import { TRPCError } from "@trpc/server";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { memberships, projectRoleEnum, users, type Db, type ProjectRole } from "@clickloop/db";
import { projectProcedure, router } from "../trpc";
import { recordAudit } from "../services/audit";
import { revokeInvitationsBeyondAuthority } from "../services/invitation-authority";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Locks the project's admin rows and returns the target's current role (null: not a member). */
async function lockMembership(tx: Tx, projectId: string, userId: string): Promise<{ role: ProjectRole | null; adminCount: number }> {
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), sql`(${memberships.role} = 'admin' OR ${memberships.userId} = ${userId})`))
    .for("update");
  return {
    role: rows.find((r) => r.userId === userId)?.role ?? null,
    adminCount: rows.filter((r) => r.role === "admin").length,
  };
}

const targetInput = z.object({ userId: z.string().min(1).max(100) });

export const memberRouter = router({
  list: projectProcedure("annotator").query(async ({ ctx }) => {
    return ctx.db
      .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.projectId, ctx.project.id))
      .orderBy(asc(users.email));
  }),

  updateRole: projectProcedure("admin")
    .input(targetInput.extend({ role: z.enum(projectRoleEnum.enumValues) }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction(async (tx) => {
        const current = await lockMembership(tx, ctx.project.id, input.userId);
        if (!current.role) throw new TRPCError({ code: "NOT_FOUND", message: "Not a member of this project." });
        if (current.role === "admin" && input.role !== "admin" && current.adminCount <= 1) {
          throw new TRPCError({ code: "CONFLICT", message: "A project needs at least one admin." });
        }
        await tx
          .update(memberships)
          .set({ role: input.role })
          .where(and(eq(memberships.projectId, ctx.project.id), eq(memberships.userId, input.userId)));
        await revokeInvitationsBeyondAuthority(tx, ctx.project.id, input.userId, input.role, ctx.user.id);
        await recordAudit(tx, {
          projectId: ctx.project.id,
          actorId: ctx.user.id,
          action: "member.role_changed",
          targetType: "user",
          targetId: input.userId,
          data: { from: current.role, to: input.role },
        });
        return { userId: input.userId, role: input.role };
      });
    }),

  remove: projectProcedure("admin")
    .input(targetInput)
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction(async (tx) => {
        const current = await lockMembership(tx, ctx.project.id, input.userId);
        if (!current.role) throw new TRPCError({ code: "NOT_FOUND", message: "Not a member of this project." });
        if (current.role === "admin" && current.adminCount <= 1) {
          throw new TRPCError({ code: "CONFLICT", message: "A project needs at least one admin." });
        }
        await tx.delete(memberships).where(and(eq(memberships.projectId, ctx.project.id), eq(memberships.userId, input.userId)));
        await revokeInvitationsBeyondAuthority(tx, ctx.project.id, input.userId, null, ctx.user.id);
        await recordAudit(tx, {
          projectId: ctx.project.id,
          actorId: ctx.user.id,
          action: "member.removed",
          targetType: "user",
          targetId: input.userId,
          data: { role: current.role },
        });
        return { userId: input.userId };
      });
    }),
});
