// An invitation grants a role on its inviter's authority, so it must not outlive that authority.
// Policy: leads invite annotators only; lead and admin invitations need an admin (role changes
// above annotator are an admin's decision). A pending invitation is revoked when its inviter is
// removed or demoted below what it grants, and re-checked when accepted (an inviter whose account
// was deleted, or who lost the role some other way, no longer vouches for anyone).
import { and, eq, inArray, isNull } from "drizzle-orm";
import { invitations, memberships, roleAtLeast, users, type Db, type Invitation, type ProjectRole } from "@clickloop/db";
import { recordAudit } from "./audit";

type Executor = Pick<Db, "select" | "update" | "insert">;

/** The lowest project role that may issue an invitation granting `role`. */
export function roleNeededToInvite(role: ProjectRole): ProjectRole {
  return role === "annotator" ? "lead" : "admin";
}

export function mayInvite(inviterRole: ProjectRole | null, role: ProjectRole): boolean {
  return inviterRole !== null && roleAtLeast(inviterRole, roleNeededToInvite(role));
}

/** Whether the invitation's inviter could issue it today. */
export async function inviterStillEntitled(db: Executor, invitation: Pick<Invitation, "projectId" | "invitedBy" | "role">): Promise<boolean> {
  if (!invitation.invitedBy) return false;
  const [row] = await db
    .select({ isInstanceAdmin: users.isInstanceAdmin, role: memberships.role })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.projectId, invitation.projectId)))
    .where(eq(users.id, invitation.invitedBy));
  if (!row) return false;
  return mayInvite(row.isInstanceAdmin ? "admin" : row.role, invitation.role);
}

/**
 * Revokes the pending invitations `userId` issued in the project that their new role (null:
 * removed) no longer allows. Call inside the transaction that changes the membership.
 */
export async function revokeInvitationsBeyondAuthority(tx: Executor, projectId: string, userId: string, newRole: ProjectRole | null, actorId: string): Promise<number> {
  const pending = await tx
    .select({ id: invitations.id, role: invitations.role })
    .from(invitations)
    .where(and(eq(invitations.projectId, projectId), eq(invitations.invitedBy, userId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
  const [inviter] = await tx.select({ isInstanceAdmin: users.isInstanceAdmin }).from(users).where(eq(users.id, userId));
  const effective = inviter?.isInstanceAdmin ? "admin" : newRole;
  const doomed = pending.filter((i) => !mayInvite(effective, i.role)).map((i) => i.id);
  if (doomed.length === 0) return 0;
  await tx.update(invitations).set({ revokedAt: new Date() }).where(inArray(invitations.id, doomed));
  for (const id of doomed) {
    await recordAudit(tx, { projectId, actorId, action: "invitation.revoked", targetType: "invitation", targetId: id, data: { reason: "inviter lost authority", inviter: userId } });
  }
  return doomed.length;
}
