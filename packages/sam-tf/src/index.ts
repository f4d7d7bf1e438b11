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
export { exportDecoderOnnx, type ExportOptions, type ExportableDecoder } from "./onnx/export-decoder.js";
export { exportFactoredDecoderOnnx, exportImageSideOnnx, IMAGE_SIDE_OUTPUTS } from "./onnx/export-factored-decoder.js";
export { GraphBuilder, type Attribute } from "./onnx/graph-builder.js";
export {
  saveTrainableWeights,
  loadTrainableWeights,
  encodeTrainableWeights,
  decodeTrainableWeights,
  type DecodedTrainableWeights,
} from "./weights/trainable-io.js";
export {
  loadSamOnnxWeights,
  minisamModelPath,
  countOnnxParameters,
  expectedSamWeightNames,
  type NamedWeight,
  type WeightMap,
} from "./weights/onnx-weights.js";
