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
export { ingestImage, sniffImageType, DEFAULT_INGEST_LIMITS, type IngestLimits, type IngestResult, type IngestInput } from "./services/ingest";
export { IngestError, type IngestErrorCode } from "./services/ingest-errors";
export { openImageFile, type ImageFileKind, type OpenedFile } from "./services/files";
export { DomainError, domainErrorResponse, errorResponse, DOMAIN_ERROR_STATUS, type DomainErrorKind } from "./errors";
export { handleImageUpload, handleImageFile } from "./services/http";
export { storageKeys } from "./services/image-files";
export { recordAudit } from "./services/audit";
export { attachReferenceMask } from "./services/reference-masks";
export { findProjectByName, countProjectImages, createProjectWithOwner } from "./services/projects";
export { findUserByEmail, createPasswordUser } from "./services/accounts";
export { getDeployedVersion, insertVersion, type NewVersionInput } from "./services/model-versions";
export { HEARTBEAT_INTERVAL_MS, STALE_RUN_MS, reapStaleRuns, startTrainingRound } from "./services/training";
export { acceptReferenceMasks } from "./services/review";
export * from "./models/index";
export { handleExportDownload } from "./services/export/http";
export { processExport } from "./services/export/exports";
export { importFolder, type ImportOptions, type ImportTally } from "./services/import-folder";
