export { appRouter, createCaller, type AppRouter } from "./root";
export {
  createTRPCContext,
  getProjectAccess,
  checkProjectAccess,
  loadSessionUser,
  type SessionUser,
  type TRPCContext,
  type CreateContextOptions,
  type ApiMeta,
  type ProcedureRole,
  type ProjectAccess,
} from "./trpc";
export { resolveApiDeps, defaultApiConfig, type ApiDeps, type ApiConfig } from "./deps";
export * from "./jobs";
