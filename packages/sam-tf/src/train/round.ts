import type { SessionWithRuntime } from "@clickloop/sam";
import type { ParameterValue } from "../model/parameters.js";
import { SamDecoder } from "../model/sam-decoder.js";
import { exportDecoderOnnx } from "../onnx/export-decoder.js";
import type { FusionWeights } from "./dynamic-fusion";
import { evaluateModel, onnxDecodeFn, tfDecodeFn, type EvaluateOptions, type EvaluationResult } from "./evaluate";
import { isNotWorse, type EvaluationSummary, type PublishTolerance } from "./evaluation-summary";
import type { TrainingSample } from "./sample-step";
import { resolveTrainSettings, type TrainSettingsInput } from "./settings";
import { trainDecoder, type TrainProgress, type TrainResult } from "./trainer";

/** The deployed model a round starts from (absent: the base model). */
export interface WarmStart {
  readonly weights: ReadonlyMap<string, ParameterValue>;
  readonly lambda?: number;
  readonly mu?: number;
}

export interface TrainRoundInput {
  readonly samples: readonly TrainingSample[];
  /** Held-out validation samples (never trained on): both models are scored on them. */
  readonly validation: readonly TrainingSample[];
  readonly warmStart?: WarmStart;
  readonly settings?: TrainSettingsInput;
  readonly evaluation?: Omit<EvaluateOptions, "signal">;
  readonly tolerance?: PublishTolerance;
  /**
   * Opens an ONNX decoder from bytes (node: `nodeOnnxRuntime` from `./node-onnx`). Given, both models
   * are evaluated through their exported ONNX files (fast, and exactly what clients run);
   * absent, through the TF.js forward pass.
   */
  readonly openOnnx?: (bytes: Uint8Array) => Promise<SessionWithRuntime>;
  readonly onProgress?: (progress: TrainProgress) => void;
  readonly signal?: AbortSignal;
  /**
   * The deployed model's summary on exactly this validation set with these evaluation options, when
   * the caller already has it (a simulation with a fixed validation set): its evaluation is skipped.
   */
  readonly deployedSummary?: EvaluationSummary;
}

export interface TrainRoundResult {
  /** The candidate's trainable weights (save with `saveTrainableWeights`). */
  readonly weights: Map<string, ParameterValue>;
  /** The candidate as a decoder ONNX file with sam.onnx's interface, λ/μ baked in. */
  readonly onnx: Uint8Array;
  readonly lambda: number;
  readonly mu: number;
  readonly metrics: { readonly candidate: EvaluationSummary; readonly deployed: EvaluationSummary };
  /** docs/method.md §3: publish only if the candidate is not worse on mIoU@3 and NoC@90. */
  readonly publish: boolean;
  readonly training: TrainResult;
  readonly trainableParameters: number;
}

async function evaluateCurrent(decoder: SamDecoder, fusion: FusionWeights, input: TrainRoundInput): Promise<EvaluationResult> {
  const options = { ...input.evaluation, signal: input.signal };
  if (!input.openOnnx) return evaluateModel(tfDecodeFn(decoder, fusion), input.validation, options);
  const runtime = await input.openOnnx(exportDecoderOnnx(decoder, { fusion }));
  try {
    return await evaluateModel(onnxDecodeFn(runtime), input.validation, options);
  } finally {
    await runtime.session.release();
  }
}

/**
 * One training round (docs/method.md §3): warm-start from the deployed model, score it on the validation set,
 * train with the two-stage click regime, score the candidate on the same set, apply the publish
 * rule. The caller persists the result (weights, ONNX, metrics) and decides on deployment.
 */
export async function trainRound(input: TrainRoundInput): Promise<TrainRoundResult> {
  const settings = resolveTrainSettings(input.settings);
  const decoder = new SamDecoder({ adapterRank: settings.adapterRank, seed: settings.seed });
  try {
    if (input.warmStart) decoder.setTrainableWeights(input.warmStart.weights);
    const deployedFusion = { lambda: input.warmStart?.lambda ?? 1, mu: input.warmStart?.mu ?? 1 };
    const deployed = input.deployedSummary ?? (await evaluateCurrent(decoder, deployedFusion, input)).summary;
    const training = await trainDecoder(decoder, input.samples, settings, {
      onProgress: input.onProgress,
      signal: input.signal,
      initialFusion: deployedFusion,
    });
    const fusion = { lambda: training.lambda, mu: training.mu };
    const candidate = await evaluateCurrent(decoder, fusion, input);
    return {
      weights: decoder.getTrainableWeights(),
      onnx: exportDecoderOnnx(decoder, { fusion }),
      ...fusion,
      metrics: { candidate: candidate.summary, deployed },
      publish: isNotWorse(candidate.summary, deployed, input.tolerance),
      training,
      trainableParameters: decoder.trainableParameterCount(),
    };
  } finally {
    decoder.dispose();
  }
}
