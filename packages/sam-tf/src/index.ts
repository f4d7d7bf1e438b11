export { selectBackend, wasmBinaryDirectory, type BackendName, type SelectBackendOptions } from "./backend/select.js";
export { registerWasmFastKernels } from "./backend/fast-kernels.js";
export {
  SamDecoder,
  selectMaskIndex,
  type DecoderInputs,
  type DecoderOutputs,
  type PromptFusion,
  type SamDecoderOptions,
} from "./model/sam-decoder.js";
export type { ParameterValue } from "./model/parameters.js";
export { TRAINABLE_PROMPT_ENCODER } from "./model/parameters.js";
export { ADAPTER_LAYERS, type AdapterPosition } from "./model/adapter.js";
export {
  loadSamOnnxWeights,
  minisamModelPath,
  countOnnxParameters,
  type NamedWeight,
  type WeightMap,
} from "./weights/onnx-weights.js";
