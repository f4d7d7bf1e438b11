// Who may see a project: THE membership rule. Used by the procedure builders in trpc.ts, the
// HTTP adapters and the services; it knows nothing of tRPC or HTTP, so the domain never depends
// on the transport.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { memberships, projects, roleAtLeast, type Db, type Project, type ProjectRole } from "@clickloop/db";
import { loadSessionUserById, type SessionUser } from "@clickloop/auth/core";

/** The signed-in user as the API sees it (fresh from the database on every request). */
export type { SessionUser };

/** Reloads the user row (role flags may have changed since sign-in). */
export const loadSessionUser = loadSessionUserById;

export interface ProjectAccess {
  project: Project;
  role: ProjectRole;
}

/**
 * THE membership rule, used by every procedure, route handler and file service:
 * members get their role; instance admins act as `admin` in every project; anyone else gets null.
 */
export async function getProjectAccess(db: Db, user: SessionUser | null, projectId: string): Promise<ProjectAccess | null> {
  if (!user || !z.uuid().safeParse(projectId).success) return null;
  const [row] = await db
    .select({ project: projects, role: memberships.role })
    .from(projects)
    .leftJoin(memberships, and(eq(memberships.projectId, projects.id), eq(memberships.userId, user.id)))
    .where(eq(projects.id, projectId))
    .limit(1);
  if (!row) return null;
  if (user.isInstanceAdmin) return { project: row.project, role: "admin" };
  return row.role ? { project: row.project, role: row.role } : null;
}

export type AccessFailure = "UNAUTHORIZED" | "NOT_FOUND" | "FORBIDDEN";

/** Access check with the error to report: non-members get NOT_FOUND so existence does not leak. */
export async function checkProjectAccess(
  db: Db,
  user: SessionUser | null,
  projectId: string,
  minRole: ProjectRole,
): Promise<{ ok: true; access: ProjectAccess } | { ok: false; code: AccessFailure }> {
  if (!user) return { ok: false, code: "UNAUTHORIZED" };
  const access = await getProjectAccess(db, user, projectId);
  if (!access) return { ok: false, code: "NOT_FOUND" };
  if (!roleAtLeast(access.role, minRole)) return { ok: false, code: "FORBIDDEN" };
  return { ok: true, access };
}
