import { createHash, timingSafeEqual } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { users } from "@clickloop/db";
import { assertNotThrottled, clientAddress, hashPassword, recordFailure, revokeUserSessions, verifyPassword } from "@clickloop/auth/core";
import { throttled } from "../services/throttled";
import { protectedProcedure, publicProcedure, router } from "../trpc";
import { createPasswordUser, emailSchema, nameSchema, passwordSchema } from "../services/accounts";
import { recordAudit } from "../services/audit";

function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

// Serialises first-admin registration (two browsers racing on a fresh instance).
const FIRST_ADMIN_LOCK = 731_001;

export const authRouter = router({
  status: publicProcedure.query(async ({ ctx }) => {
    const [row] = await ctx.db.select({ id: users.id }).from(users).limit(1);
    return { hasUsers: Boolean(row), setupTokenRequired: ctx.config.setupToken !== null };
  }),

  registerFirstAdmin: publicProcedure
    .input(z.object({ email: emailSchema, name: nameSchema, password: passwordSchema, setupToken: z.string().max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      // A deployment reachable by others (docker compose) sets SETUP_TOKEN, so the first visitor
      // cannot make themselves instance admin.
      if (ctx.config.setupToken !== null && !sameSecret(input.setupToken ?? "", ctx.config.setupToken)) {
        throw new TRPCError({ code: "FORBIDDEN", message: "Enter the setup token this instance was started with (SETUP_TOKEN)." });
      }
      return ctx.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
        const [existing] = await tx.select({ id: users.id }).from(users).limit(1);
        if (existing) throw new TRPCError({ code: "CONFLICT", message: "This instance already has an administrator." });
        const user = await createPasswordUser(tx, { email: input.email, name: input.name, password: input.password, isInstanceAdmin: true });
        await recordAudit(tx, { actorId: user.id, action: "user.registered_first_admin", targetType: "user", targetId: user.id });
        return { id: user.id, email: user.email };
      });
    }),

  me: protectedProcedure.query(({ ctx }) => ctx.user),

  /** Needs the current password; ends every session of the account (the caller signs in again). */
  changePassword: protectedProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }))
    .mutation(async ({ ctx, input }) => {
      const subject = { email: ctx.user.email ?? ctx.user.id, ip: clientAddress(ctx.headers) };
      await throttled(() => assertNotThrottled(ctx.db, subject));
      const [row] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.user.id));
      if (!(await verifyPassword(input.currentPassword, row?.passwordHash))) {
        await recordFailure(ctx.db, subject);
        throw new TRPCError({ code: "BAD_REQUEST", message: "The current password is not right." });
      }
      const passwordHash = await hashPassword(input.newPassword);
      await ctx.db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash }).where(eq(users.id, ctx.user.id));
        await revokeUserSessions(tx, ctx.user.id);
        await recordAudit(tx, { actorId: ctx.user.id, action: "user.password_changed", targetType: "user", targetId: ctx.user.id });
      });
      return { signedOut: true };
    }),

  /** Ends every session of the caller's account, on every device. */
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    const sessions = await revokeUserSessions(ctx.db, ctx.user.id);
    await recordAudit(ctx.db, { actorId: ctx.user.id, action: "user.signed_out_everywhere", targetType: "user", targetId: ctx.user.id, data: { sessions } });
    return { sessions };
  }),
});
