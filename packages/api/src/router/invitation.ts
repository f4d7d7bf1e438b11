import { TRPCError } from "@trpc/server";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { invitations, memberships, projectRoleEnum, projects, roleAtLeast, users } from "@clickloop/db";
import { verifyPassword } from "@clickloop/auth/core";
import { projectProcedure, publicProcedure, router } from "../trpc";
import { createPasswordUser, emailSchema, findUserByEmail, nameSchema, passwordSchema } from "../services/accounts";
import { recordAudit } from "../services/audit";
import { appBaseUrl, hashInvitationToken, invitationStatus, newInvitationToken } from "../services/invitation-token";

const tokenInput = z.object({ token: z.string().min(10).max(200) });
const roleSchema = z.enum(projectRoleEnum.enumValues);

const STATUS_MESSAGES = {
  accepted: "This invitation has already been used.",
  revoked: "This invitation has been revoked.",
  expired: "This invitation has expired.",
} as const;

export const invitationRouter = router({
  byToken: publicProcedure.input(tokenInput).query(async ({ ctx, input }) => {
    const [row] = await ctx.db
      .select({ invitation: invitations, projectName: projects.name })
      .from(invitations)
      .innerJoin(projects, eq(projects.id, invitations.projectId))
      .where(eq(invitations.tokenHash, hashInvitationToken(input.token)))
      .limit(1);
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "Invitation not found." });
    const status = invitationStatus(row.invitation);
    if (status !== "pending") throw new TRPCError({ code: "BAD_REQUEST", message: STATUS_MESSAGES[status] });
    const existing = await findUserByEmail(ctx.db, row.invitation.email);
    return {
      projectId: row.invitation.projectId,
      projectName: row.projectName,
      role: row.invitation.role,
      email: row.invitation.email,
      expiresAt: row.invitation.expiresAt,
      /** True when the email already has an account: `accept` then checks that account's password. */
      accountExists: Boolean(existing),
    };
  }),

  accept: publicProcedure
    .input(tokenInput.extend({ name: nameSchema, password: passwordSchema }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction(async (tx) => {
        // Lock the row so a token cannot be redeemed twice concurrently.
        const [invitation] = await tx
          .select()
          .from(invitations)
          .where(eq(invitations.tokenHash, hashInvitationToken(input.token)))
          .for("update")
          .limit(1);
        if (!invitation) throw new TRPCError({ code: "NOT_FOUND", message: "Invitation not found." });
        const status = invitationStatus(invitation);
        if (status !== "pending") throw new TRPCError({ code: "BAD_REQUEST", message: STATUS_MESSAGES[status] });

        let user = await findUserByEmail(tx, invitation.email);
        if (user) {
          if (!(await verifyPassword(input.password, user.passwordHash))) {
            throw new TRPCError({ code: "BAD_REQUEST", message: "An account with this email exists; enter its password." });
          }
        } else {
          user = await createPasswordUser(tx, { email: invitation.email, name: input.name, password: input.password });
        }
        // Never downgrade an existing membership through an invitation.
        const [current] = await tx
          .select({ role: memberships.role })
          .from(memberships)
          .where(and(eq(memberships.projectId, invitation.projectId), eq(memberships.userId, user.id)));
        if (!current) {
          await tx.insert(memberships).values({ projectId: invitation.projectId, userId: user.id, role: invitation.role });
        } else if (!roleAtLeast(current.role, invitation.role)) {
          await tx
            .update(memberships)
            .set({ role: invitation.role })
            .where(and(eq(memberships.projectId, invitation.projectId), eq(memberships.userId, user.id)));
        }
        await tx.update(invitations).set({ acceptedAt: new Date(), acceptedBy: user.id }).where(eq(invitations.id, invitation.id));
        await recordAudit(tx, {
          projectId: invitation.projectId,
          actorId: user.id,
          action: "invitation.accepted",
          targetType: "invitation",
          targetId: invitation.id,
          data: { role: invitation.role, email: invitation.email },
        });
        return { projectId: invitation.projectId, userId: user.id, email: invitation.email };
      });
    }),

  create: projectProcedure("lead")
    .input(z.object({ email: emailSchema, role: roleSchema }))
    .mutation(async ({ ctx, input }) => {
      // Leads may invite annotators and leads; only admins may invite admins.
      if (!roleAtLeast(ctx.role, input.role)) {
        throw new TRPCError({ code: "FORBIDDEN", message: `Only project admins can invite ${input.role}s.` });
      }
      const token = newInvitationToken();
      const invitation = await ctx.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(invitations)
          .values({
            projectId: ctx.project.id,
            email: input.email,
            role: input.role,
            tokenHash: hashInvitationToken(token),
            invitedBy: ctx.user.id,
            expiresAt: new Date(Date.now() + ctx.config.invitationTtlMs),
          })
          .returning();
        if (!row) throw new Error("insert returned no row");
        await recordAudit(tx, {
          projectId: ctx.project.id,
          actorId: ctx.user.id,
          action: "invitation.created",
          targetType: "invitation",
          targetId: row.id,
          data: { email: input.email, role: input.role },
        });
        return row;
      });
      return {
        id: invitation.id,
        token,
        url: `${appBaseUrl(ctx.config.appUrl, ctx.headers)}/invite/${encodeURIComponent(token)}`,
        expiresAt: invitation.expiresAt,
      };
    }),

  list: projectProcedure("lead").query(async ({ ctx }) => {
    const rows = await ctx.db
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        createdAt: invitations.createdAt,
        expiresAt: invitations.expiresAt,
        acceptedAt: invitations.acceptedAt,
        revokedAt: invitations.revokedAt,
        invitedByName: users.name,
        invitedByEmail: users.email,
      })
      .from(invitations)
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(eq(invitations.projectId, ctx.project.id))
      .orderBy(desc(invitations.createdAt));
    return rows.map((row) => ({ ...row, status: invitationStatus(row) }));
  }),

  revoke: projectProcedure("lead")
    .input(z.object({ invitationId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction(async (tx) => {
        const [row] = await tx
          .update(invitations)
          .set({ revokedAt: sql`now()` })
          .where(
            and(
              eq(invitations.id, input.invitationId),
              eq(invitations.projectId, ctx.project.id),
              isNull(invitations.acceptedAt),
              isNull(invitations.revokedAt),
            ),
          )
          .returning({ id: invitations.id });
        if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No pending invitation with this id." });
        await recordAudit(tx, {
          projectId: ctx.project.id,
          actorId: ctx.user.id,
          action: "invitation.revoked",
          targetType: "invitation",
          targetId: row.id,
        });
        return { id: row.id };
      });
    }),
});
