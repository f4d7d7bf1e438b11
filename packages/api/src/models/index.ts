// Everything that makes up a model version's identity, in one place: its files' names, URLs and
// storage keys (identity.ts), the base model's files (base-model.ts), writing artifacts
// (publish.ts), factored decoders (factored.ts), the deployed model a workspace runs (deployed.ts) and serving the bytes (serve.ts).
export {
  MODEL_FILES,
  FACTORED_FILES,
  isModelFile,
  isFactoredFile,
  modelFileUrl,
  modelStorageKeys,
  baseMultimaskKeys,
  factoredKeys,
  type FactoredFile,
  type ModelFile,
  type ModelId,
} from "./identity";
export { readBaseFactored, readVersionFactored, writeBaseFactored, writeVersionFactored, type FactoredFiles, type FactoredPointer } from "./factored";
export { baseModelFiles, readBaseMultimask, writeBaseMultimask, type BaseModelFile, type BaseMultimaskPointer } from "./base-model";
export { putOnce, sha256Hex, writeModelArtifacts, type ModelArtifacts } from "./publish";
export { baseModelInfo, deployedModelInfo, deployedModelSchema, type DeployedModelInfo } from "./deployed";
export { handleModelFile, immutableResponse, openFile, type ImmutableBody, type ImmutableResponseOptions, type UserLookup } from "./serve";
