import type { SessionWithRuntime } from "@clickloop/sam";
import { TRAINABLE_PROMPT_ENCODER, type ParameterValue } from "../model/parameters.js";
import { SamDecoder } from "../model/sam-decoder.js";
import { exportDecoderOnnx } from "../onnx/export-decoder.js";
import type { FusionWeights } from "./dynamic-fusion";
import { evaluateModel, onnxDecodeFn, tfDecodeFn, type EvaluateOptions, type EvaluationResult } from "./evaluate";
import { isNotWorse, type EvaluationSummary, type PublishTolerance } from "./evaluation-summary";
import { toSampleSource, type Samples } from "./sample-source";
import { coldStartSettings, resolveTrainSettings, usesPromptLearning, type TrainSettings, type TrainSettingsInput } from "./settings";
import { trainDecoder, type TrainProgress, type TrainResult } from "./trainer";

/** The deployed model a round starts from (absent: the base model). */
export interface WarmStart {
  readonly weights: ReadonlyMap<string, ParameterValue>;
  readonly lambda?: number;
  readonly mu?: number;
}

export interface TrainRoundInput {
  /** Training samples: an array, or a `SampleSource` that loads each one on demand (bounded memory). */
  readonly samples: Samples;
  /** Held-out validation samples (never trained on): both models are scored on them. */
  readonly validation: Samples;
  readonly warmStart?: WarmStart;
  /** Indices into `samples` the deployed model was not trained on: first in line under a step budget. */
  readonly recent?: readonly number[];
  /**
   * The deployed model's scores on exactly this validation set and evaluation protocol, stored by an
   * earlier round: given, the deployed model is not re-scored.
   */
  readonly deployedScores?: EvaluationSummary;
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
  /** Adapter rank of the candidate (null: prompt learning only) — rebuild it with this rank. */
  readonly adapterRank: number | null;
  /** `prompt`: a cold-start round trained the prompt-encoder parts only; `adapter`: the full round. */
  readonly mode: "prompt" | "adapter";
  /** True when `metrics.deployed` came from `deployedScores` instead of a fresh evaluation. */
  readonly deployedScoresReused: boolean;
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
  const resolved = resolveTrainSettings(input.settings);
  const samples = toSampleSource(input.samples);
  const warmAdapterRank = adapterRankOf(input.warmStart);
  const prompt = usesPromptLearning(resolved, samples.size, warmAdapterRank !== null);
  const settings: TrainSettings = prompt ? coldStartSettings(resolved) : resolved;
  // Prompt learning needs no adapters, unless the deployed version has some (kept, frozen).
  const adapterRank = prompt ? warmAdapterRank : (warmAdapterRank ?? settings.adapterRank);
  const decoder = new SamDecoder({ adapterRank, seed: settings.seed });
  try {
    if (input.warmStart) decoder.setTrainableWeights(input.warmStart.weights);
    const deployedFusion = { lambda: input.warmStart?.lambda ?? 1, mu: input.warmStart?.mu ?? 1 };
    const deployed = input.deployedScores ?? (await evaluateCurrent(decoder, deployedFusion, input)).summary;
    const training = await trainDecoder(decoder, samples, settings, {
      onProgress: input.onProgress,
      signal: input.signal,
      initialFusion: deployedFusion,
      recent: input.recent,
      onlyVariables: prompt ? TRAINABLE_PROMPT_ENCODER : undefined,
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
      trainableParameters: prompt ? countMatching(decoder, TRAINABLE_PROMPT_ENCODER) : decoder.trainableParameterCount(),
      adapterRank,
      mode: prompt ? "prompt" : "adapter",
      deployedScoresReused: input.deployedScores !== undefined,
    };
  } finally {
    decoder.dispose();
  }
}

/** The adapter rank of stored trainable weights (null when they hold no adapters). */
export function adapterRankOf(warmStart: WarmStart | undefined): number | null {
  const wDown = warmStart?.weights.get("adapter.mlp.w_down");
  return wDown ? (wDown.shape[1] as number) : null;
}

function countMatching(decoder: SamDecoder, pattern: RegExp): number {
  const names = decoder.trainableVariableNames();
  return decoder.trainableVariables().reduce((n, v, i) => n + (pattern.test(names[i] as string) ? v.size : 0), 0);
}
