import { initTRPC, TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import superjson from "superjson";
import { z } from "zod";
import { memberships, projects, roleAtLeast, type Db, type Project, type ProjectRole } from "@clickloop/db";
import { loadSessionUserById, type SessionUser } from "@clickloop/auth/session-user";
import { resolveApiDeps, type ApiDeps } from "./deps";
import { errorReference } from "./services/error-reference";

/** The signed-in user as the API sees it (fresh from the database on every request). */
export type { SessionUser };

/** Role required to call a procedure; read by the role-matrix test. */
export type ProcedureRole = "public" | "user" | "instanceAdmin" | ProjectRole;
export interface ApiMeta {
  role: ProcedureRole;
}

export interface CreateContextOptions {
  headers: Headers;
  /** From auth.js (`auth()`), or injected by tests. Only `user.id` is trusted; the row is reloaded. */
  session: { user?: { id?: string | null } | null } | null;
  deps?: Partial<ApiDeps>;
}

export interface TRPCContext extends ApiDeps {
  headers: Headers;
  user: SessionUser | null;
}

/** Reloads the user row (role flags may have changed since sign-in). */
export const loadSessionUser = loadSessionUserById;

export async function createTRPCContext(options: CreateContextOptions): Promise<TRPCContext> {
  const deps = resolveApiDeps(options.deps);
  const user = await loadSessionUser(deps.db, options.session?.user?.id);
  return { ...deps, headers: options.headers, user };
}

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

const t = initTRPC
  .context<TRPCContext>()
  .meta<ApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      // A crash's message can carry SQL, paths or data: the client gets a reference to the
      // server log line instead (see services/trpc-http.ts), never the text or the stack.
      if (error.code === "INTERNAL_SERVER_ERROR") {
        const { stack: _stack, ...data } = shape.data;
        return {
          ...shape,
          message: `Something went wrong on the server (reference ${errorReference(error)}).`,
          data: { ...data, zodError: null },
        };
      }
      return {
        ...shape,
        data: {
          ...shape.data,
          zodError: error.cause instanceof z.ZodError ? z.flattenError(error.cause) : null,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.meta({ role: "public" });

const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const protectedProcedure = t.procedure.meta({ role: "user" }).use(requireUser);

export const instanceAdminProcedure = t.procedure
  .meta({ role: "instanceAdmin" })
  .use(requireUser)
  .use(({ ctx, next }) => {
    if (!ctx.user.isInstanceAdmin) throw new TRPCError({ code: "FORBIDDEN", message: "Instance administrators only." });
    return next();
  });

const projectInput = z.object({ projectId: z.uuid() });

/** Input must contain `projectId`; puts `ctx.project` and `ctx.role` on the context. */
export function projectProcedure(minRole: ProjectRole) {
  return t.procedure
    .meta({ role: minRole })
    .use(requireUser)
    .input(projectInput)
    .use(async ({ ctx, input, next }) => {
      const result = await checkProjectAccess(ctx.db, ctx.user, input.projectId, minRole);
      if (!result.ok) {
        const message = result.code === "FORBIDDEN" ? `Requires the ${minRole} role in this project.` : "Project not found.";
        throw new TRPCError({ code: result.code, message });
      }
      return next({ ctx: { ...ctx, project: result.access.project, role: result.access.role } });
    });
}
