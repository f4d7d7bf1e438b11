import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { users } from "@clickloop/db";
import { protectedProcedure, publicProcedure, router } from "../trpc";
import { createPasswordUser, emailSchema, nameSchema, passwordSchema } from "../services/accounts";
import { recordAudit } from "../services/audit";

// Serialises first-admin registration (two browsers racing on a fresh instance).
const FIRST_ADMIN_LOCK = 731_001;

export const authRouter = router({
  status: publicProcedure.query(async ({ ctx }) => {
    const [row] = await ctx.db.select({ id: users.id }).from(users).limit(1);
    return { hasUsers: Boolean(row) };
  }),

  registerFirstAdmin: publicProcedure
    .input(z.object({ email: emailSchema, name: nameSchema, password: passwordSchema }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
        const [existing] = await tx.select({ id: users.id }).from(users).limit(1);
        if (existing) throw new TRPCError({ code: "CONFLICT", message: "This instance already has an administrator." });
        const user = await createPasswordUser(tx, { ...input, isInstanceAdmin: true });
        await recordAudit(tx, { actorId: user.id, action: "user.registered_first_admin", targetType: "user", targetId: user.id });
        return { id: user.id, email: user.email };
      });
    }),

  me: protectedProcedure.query(({ ctx }) => ctx.user),
});
