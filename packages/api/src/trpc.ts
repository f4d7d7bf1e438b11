import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { ProjectRole } from "@clickloop/db";
import { checkProjectAccess, loadSessionUser, type SessionUser } from "./access";
import { resolveApiDeps, type ApiDeps } from "./deps";
import { DomainError } from "./errors";

export { checkProjectAccess, getProjectAccess, loadSessionUser, type AccessFailure, type ProjectAccess, type SessionUser } from "./access";

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

export async function createTRPCContext(options: CreateContextOptions): Promise<TRPCContext> {
  const deps = resolveApiDeps(options.deps);
  const user = await loadSessionUser(deps.db, options.session?.user?.id);
  return { ...deps, headers: options.headers, user };
}

const t = initTRPC
  .context<TRPCContext>()
  .meta<ApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
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

/** The one place a service's DomainError becomes a tRPC error (same kind, same message). */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.kind, message: cause.message, cause });
  }
  return result;
});

const procedure = t.procedure.use(domainErrors);

export const publicProcedure = procedure.meta({ role: "public" });

const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const protectedProcedure = procedure.meta({ role: "user" }).use(requireUser);

export const instanceAdminProcedure = procedure
  .meta({ role: "instanceAdmin" })
  .use(requireUser)
  .use(({ ctx, next }) => {
    if (!ctx.user.isInstanceAdmin) throw new TRPCError({ code: "FORBIDDEN", message: "Instance administrators only." });
    return next();
  });

const projectInput = z.object({ projectId: z.uuid() });

/** Input must contain `projectId`; puts `ctx.project` and `ctx.role` on the context. */
export function projectProcedure(minRole: ProjectRole) {
  return procedure
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
