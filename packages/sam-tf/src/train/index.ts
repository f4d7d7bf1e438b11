// The training entry of sam-tf (`@clickloop/sam-tf/train`): one round of the two-stage click
// regime, its settings, the ONNX runtime used to evaluate candidates, and the result types.
export { adapterRankOf, trainRound, type TrainRoundInput, type TrainRoundResult, type WarmStart } from "./round";
export {
  defaultTrainSettings,
  resolveTrainSettings,
  usesPromptLearning,
  type ColdStartSettings,
  type RoundMode,
  type TrainSettings,
  type TrainSettingsInput,
  type TrainingRegime,
} from "./settings";
export { arraySource, type SampleSource, type Samples } from "./sample-source";
export { nodeOnnxRuntime } from "./node-onnx";
export type { TrainProgress } from "./trainer";
export type { TrainingSample } from "./sample-step";
export { isNotWorse, meanIouAt, type EvaluationSummary, type MeanStd, type PublishTolerance } from "./evaluation-summary";
export type { EvaluateOptions } from "./evaluate";
export { createRng, shuffle, type Rng } from "./rng";
// Node only (fs): benchmark folders with cached embeddings.
export { listFolderIds, loadFolderSamples } from "./node-dataset";
