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
export { openImageFile, FileAccessError, type ImageFileKind, type OpenedFile } from "./services/files";
export { handleImageUpload, handleImageFile } from "./services/http";
export { storageKeys } from "./services/image-files";
export { recordAudit } from "./services/audit";
export { attachReferenceMask } from "./services/reference-masks";
export { findProjectByName, countProjectImages, createProjectWithOwner } from "./services/projects";
export { findUserByEmail, createPasswordUser } from "./services/accounts";
export { handleModelArtifact } from "./services/model-versions-http";
export { handleBaseMultimaskArtifact, writeBaseMultimask } from "./services/base-multimask";
export { handleBaseFactoredArtifact, writeBaseFactored, writeVersionFactored, type FactoredFiles } from "./services/factored-decoder";
