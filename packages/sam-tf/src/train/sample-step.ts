import * as tf from "@tensorflow/tfjs";
import { selectMaskIndex, type DecoderImageContext, type SamDecoder } from "../model/sam-decoder.js";
import { errorComponents } from "./error-components";
import type { FusionWeights } from "./dynamic-fusion";
import { guidedClicks } from "./guided-clicks";
import { maskLoss } from "./loss";
import { binarizeLowRes, LOW_RES_SIZE, lowResFrame, lowResTarget, type LowResFrame } from "./low-res-target";
import { clickToPoint, pointArrays, stage1Points, withPadding, type PromptPoint } from "./prompt-points";
import type { Rng } from "./rng";
import type { TrainSettings } from "./settings";
import { stage1Prompt } from "./stage1-click";
import { stage2Clicks } from "./stage2-clicks";
import type { BinaryMask } from "./types";

/** One training sample: a cached image embedding and its accepted mask at the original size. */
export interface TrainingSample {
  readonly id?: string;
  /** `[1, 256, 64, 64]` from the frozen encoder. */
  readonly embedding: Float32Array;
  /** Row-major 0/1 (non-zero = foreground), width·height values. */
  readonly mask: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** The sample in the decoder's low-res frame. */
export interface PreparedTarget {
  readonly frame: LowResFrame;
  /** 256x256 soft ground truth (covered fraction). */
  readonly target: Float32Array;
  /** Binary ground truth over the image-covered part of the low-res frame. */
  readonly truth: BinaryMask;
}

export function prepareTarget(sample: TrainingSample): PreparedTarget {
  const frame = lowResFrame(sample.width, sample.height);
  const target = lowResTarget({ width: sample.width, height: sample.height, data: sample.mask });
  return { frame, target, truth: binarizeLowRes(target, frame, 0.5) };
}

/** The prompts of one step: the initial group (stage 1) and the guided group (stage 2). */
export interface PlannedPrompts {
  readonly initial: readonly PromptPoint[];
  readonly guided: readonly PromptPoint[];
  /** Stage-1 low-res logits of the selected mask (stage 2's mask prompt when enabled). */
  readonly stage1Logits: Float32Array | null;
}

interface Prompt {
  readonly points: readonly PromptPoint[];
  readonly initialCount: number;
  readonly fusion?: FusionWeights;
  readonly maskInput?: Float32Array | null;
  /** The image side shared by prompts without a mask input (`SamDecoder.imageContext`). */
  readonly context?: DecoderImageContext;
}

/** Forward pass on a prompt; returns all 4 mask tokens and IoU predictions (caller disposes). */
function forward(decoder: SamDecoder, embedding: tf.Tensor4D, prompt: Prompt) {
  const padded = withPadding(prompt.points);
  const { coords, labels } = pointArrays(padded);
  return {
    padded,
    ...decoder.forward({
      imageEmbeddings: embedding,
      pointCoords: tf.tensor3d(coords, [1, padded.length, 2]),
      pointLabels: tf.tensor2d(labels, [1, padded.length]),
      maskInput: prompt.maskInput ? tf.tensor4d(prompt.maskInput, [1, 1, LOW_RES_SIZE, LOW_RES_SIZE]) : undefined,
      fusion: prompt.fusion ? { ...prompt.fusion, initialCount: prompt.initialCount } : undefined,
      context: prompt.maskInput ? undefined : prompt.context,
    }),
  };
}

/**
 * SAM's ambiguity rule: with one click (or only a box) the decoder answers with tokens 1–3
 * (multimask); with more points token 0. `numPoints` counts the padding point.
 */
function isAmbiguous(numPoints: number): boolean {
  return numPoints <= 2;
}

/** The logits of the mask the deployed ONNX decoder would output for this prompt (no gradient needed). */
function predictedLogits(decoder: SamDecoder, embedding: tf.Tensor4D, prompt: Prompt): Float32Array {
  return tf.tidy(() => {
    const { padded, lowResMasks, iouPredictions } = forward(decoder, embedding, prompt);
    const index = selectMaskIndex(iouPredictions.dataSync(), padded.length);
    return tf.slice(lowResMasks, [0, index, 0, 0], [1, 1, LOW_RES_SIZE, LOW_RES_SIZE]).dataSync() as Float32Array;
  });
}

/** The stage-1 prompt of a step (consumes the rng first, as the plan always did); null for an empty mask. */
export function initialPoints(prepared: PreparedTarget, settings: TrainSettings, rng: Rng): PromptPoint[] | null {
  const first = stage1Prompt(prepared.truth, rng, settings.stage1);
  return first ? stage1Points(first) : null;
}

/**
 * The stage-2 clicks from the stage-1 mask: CVT clicks in its TP/FP/FN components (ClickSAM), then
 * (fusion) SAMCA guided clicks from the errors of the initial and a first guided mask.
 */
function guidedPoints(
  decoder: SamDecoder,
  embedding: tf.Tensor4D,
  prepared: PreparedTarget,
  settings: TrainSettings,
  fusion: FusionWeights,
  initial: readonly PromptPoint[],
  stage1Logits: Float32Array,
  context?: DecoderImageContext,
): PromptPoint[] {
  const { frame, truth } = prepared;
  const initialMask = binarizeLowRes(stage1Logits, frame, 0);
  const corrections = stage2Clicks(errorComponents(initialMask, truth), frame.validWidth, settings.clicks).map(clickToPoint);
  if (settings.regime === "two-stage" || corrections.length === 0) return corrections;
  const guidedLogits = predictedLogits(decoder, embedding, {
    points: [...initial, ...corrections],
    initialCount: initial.length,
    fusion,
    maskInput: settings.maskPromptInStage2 ? stage1Logits : null,
    context,
  });
  const guidedMask = binarizeLowRes(guidedLogits, frame, 0);
  const guided = guidedClicks(initialMask, guidedMask, truth, settings.clicks).map(clickToPoint);
  return guided.length > 0 ? guided : corrections;
}

/**
 * Plan the clicks of one step without gradients: stage-1 prompt, then (two-stage) CVT clicks in
 * the TP/FP/FN components of the stage-1 mask, then (fusion) SAMCA guided clicks from the errors of
 * the initial and a first guided mask. Null when the mask is empty.
 */
export function planPrompts(
  decoder: SamDecoder,
  embedding: tf.Tensor4D,
  prepared: PreparedTarget,
  settings: TrainSettings,
  fusion: FusionWeights,
  rng: Rng,
): PlannedPrompts | null {
  const initial = initialPoints(prepared, settings, rng);
  if (!initial) return null;
  if (settings.regime === "stage1") return { initial, guided: [], stage1Logits: null };
  const stage1Logits = predictedLogits(decoder, embedding, { points: initial, initialCount: initial.length });
  return { initial, guided: guidedPoints(decoder, embedding, prepared, settings, fusion, initial, stage1Logits), stage1Logits };
}

/**
 * Loss of one decoder output. Ambiguous prompt (one click or a box): the mask loss of the best of
 * tokens 1–3 (SAM practice) plus the IoU-head loss of all three, so the predicted IoU — which picks
 * the token at inference — learns to rank them. Otherwise token 0.
 */
function outputLoss(output: ReturnType<typeof forward>, target: tf.Tensor4D, settings: TrainSettings): tf.Scalar {
  const tokenLoss = (i: number) =>
    maskLoss(
      tf.slice(output.lowResMasks, [0, i, 0, 0], [1, 1, LOW_RES_SIZE, LOW_RES_SIZE]),
      target,
      tf.slice(output.iouPredictions, [0, i], [1, 1]),
      settings.loss,
    );
  if (!isAmbiguous(output.padded.length)) return tokenLoss(0).total;
  const parts = [1, 2, 3].map(tokenLoss);
  const weighted = (t: tf.Scalar) => tf.mul(settings.loss.iouHead, t);
  const maskOnly = parts.map((p) => tf.sub(p.total, weighted(p.iouHead)));
  const bestMask = tf.min(tf.stack(maskOnly));
  const loss = tf.add(bestMask, weighted(tf.mean(tf.stack(parts.map((p) => p.iouHead))) as tf.Scalar)) as tf.Scalar;
  if (settings.loss.selected === 0) return loss;
  // The token sam.onnx would show for this prompt (highest predicted IoU of 1–3; the choice itself
  // has no gradient): its mask is what the annotator sees after one click, so it is trained too.
  const predicted = output.iouPredictions.dataSync();
  const chosen = selectMaskIndex(predicted, output.padded.length) - 1;
  return tf.add(loss, tf.mul(settings.loss.selected, maskOnly[chosen] as tf.Scalar)) as tf.Scalar;
}

/**
 * The differentiable loss of one step: stage 1 (initial prompt) plus, unless the regime is
 * `stage1`, stage 2 (initial × λ followed by guided × μ, optionally the stage-1 logits as mask prompt).
 */
export function stepLoss(
  decoder: SamDecoder,
  embedding: tf.Tensor4D,
  target: tf.Tensor4D,
  plan: PlannedPrompts,
  settings: TrainSettings,
  fusion: FusionWeights,
): tf.Scalar {
  const stage1 = outputLoss(forward(decoder, embedding, { points: plan.initial, initialCount: plan.initial.length }), target, settings);
  if (settings.regime === "stage1" || plan.guided.length === 0) return stage1;
  const stage2 = outputLoss(
    forward(decoder, embedding, {
      points: [...plan.initial, ...plan.guided],
      initialCount: plan.initial.length,
      fusion: settings.regime === "fusion" ? fusion : undefined,
      maskInput: settings.maskPromptInStage2 ? plan.stage1Logits : null,
    }),
    target,
    settings,
  );
  return tf.add(stage1, stage2) as tf.Scalar;
}

/**
 * `planPrompts` + `stepLoss` in one pass, for use inside `tf.variableGrads`: the stage-1 forward that
 * the loss needs is also the one the stage-2 clicks are planned from (the same weights and prompt
 * give the same logits), so a step runs one decoder forward less. Same result as the two calls.
 */
export function sampleLoss(
  decoder: SamDecoder,
  embedding: tf.Tensor4D,
  target: tf.Tensor4D,
  prepared: PreparedTarget,
  initial: readonly PromptPoint[],
  settings: TrainSettings,
  fusion: FusionWeights,
): tf.Scalar {
  // One image side for every prompt of the step without a mask input (shared forward and backward).
  const context = settings.regime === "stage1" ? undefined : decoder.imageContext(embedding);
  const output = forward(decoder, embedding, { points: initial, initialCount: initial.length, context });
  const stage1 = outputLoss(output, target, settings);
  if (settings.regime === "stage1") return stage1;
  const index = selectMaskIndex(output.iouPredictions.dataSync(), output.padded.length);
  const stage1Logits = tf.tidy(() => tf.slice(output.lowResMasks, [0, index, 0, 0], [1, 1, LOW_RES_SIZE, LOW_RES_SIZE]).dataSync() as Float32Array);
  const guided = guidedPoints(decoder, embedding, prepared, settings, fusion, initial, stage1Logits, context);
  if (guided.length === 0) return stage1;
  const stage2 = outputLoss(
    forward(decoder, embedding, {
      points: [...initial, ...guided],
      initialCount: initial.length,
      fusion: settings.regime === "fusion" ? fusion : undefined,
      maskInput: settings.maskPromptInStage2 ? stage1Logits : null,
      context,
    }),
    target,
    settings,
  );
  return tf.add(stage1, stage2) as tf.Scalar;
}
