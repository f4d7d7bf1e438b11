import { TRPCError } from "@trpc/server";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@clickloop/db";
import { revokeUserSessions } from "@clickloop/auth/core";
import { instanceAdminProcedure, router } from "../trpc";
import { recordAudit } from "../services/audit";

// Instance administration of accounts.
export const userRouter = router({
  list: instanceAdminProcedure.query(async ({ ctx }) =>
    ctx.db
      .select({ id: users.id, email: users.email, name: users.name, isInstanceAdmin: users.isInstanceAdmin, disabledAt: users.disabledAt, createdAt: users.createdAt })
      .from(users)
      .orderBy(asc(users.email)),
  ),

  /** Disabling ends the account's sessions and refuses its sign-ins until re-enabled. */
  setDisabled: instanceAdminProcedure
    .input(z.object({ userId: z.string().min(1).max(100), disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.user.id) throw new TRPCError({ code: "CONFLICT", message: "You cannot disable your own account." });
      return ctx.db.transaction(async (tx) => {
        const [row] = await tx
          .update(users)
          .set({ disabledAt: input.disabled ? new Date() : null })
          .where(eq(users.id, input.userId))
          .returning({ id: users.id, disabledAt: users.disabledAt });
        if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such user." });
        if (input.disabled) await revokeUserSessions(tx, row.id);
        await recordAudit(tx, { actorId: ctx.user.id, action: input.disabled ? "user.disabled" : "user.enabled", targetType: "user", targetId: row.id });
        return row;
      });
    }),
});
