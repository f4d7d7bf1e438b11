import * as tf from "@tensorflow/tfjs";
import type { SamDecoder } from "../model/sam-decoder.js";
import { DynamicFusion, type FusionWeights } from "./dynamic-fusion";
import { createRng } from "./rng";
import { initialPoints, prepareTarget, sampleLoss, type TrainingSample } from "./sample-step";
import { prefetched, toSampleSource, type Samples } from "./sample-source";
import type { TrainSettings } from "./settings";
import { LOW_RES_SIZE } from "./low-res-target";
import { planVisits } from "./visit-plan";

export interface TrainProgress {
  /** Optimiser steps done. */
  readonly step: number;
  readonly totalSteps: number;
  readonly epoch: number;
  /** Mean loss of the samples of the latest optimiser step. */
  readonly loss: number;
  readonly lambda: number;
  readonly mu: number;
  readonly elapsedMs: number;
}

export interface TrainOptions {
  readonly onProgress?: (progress: TrainProgress) => void;
  /** Aborting stops at the next sample with an AbortError; the decoder keeps the steps done so far. */
  readonly signal?: AbortSignal;
  /** Fusion weights to continue from (the deployed model's λ, μ); default λ = μ = 1. */
  readonly initialFusion?: FusionWeights;
  /** Indices of samples new since the deployed model (trained first under a step budget). */
  readonly recent?: readonly number[];
  /** Train only the trainable variables whose name matches (e.g. the prompt encoder's); default all. */
  readonly onlyVariables?: RegExp;
}

export interface TrainResult {
  readonly steps: number;
  /** Mean loss per optimiser step. */
  readonly lossHistory: readonly number[];
  /** Final fusion weights (to store with the model version; 1/1 unless the regime is `fusion`). */
  readonly lambda: number;
  readonly mu: number;
  readonly elapsedMs: number;
  readonly epochMs: readonly number[];
  /** Samples skipped (empty mask or a non-finite loss). */
  readonly skipped: number;
}

const NO_FUSION: FusionWeights = { lambda: 1, mu: 1 };

/** Gradients summed over the samples of one optimiser step. */
class GradientAccumulator {
  private sums = new Map<string, tf.Tensor>();
  count = 0;
  lossSum = 0;

  add(grads: tf.NamedTensorMap, loss: number): void {
    for (const [name, grad] of Object.entries(grads)) {
      const previous = this.sums.get(name);
      if (previous) {
        this.sums.set(name, tf.keep(tf.add(previous, grad)));
        previous.dispose();
        grad.dispose();
      } else {
        this.sums.set(name, grad);
      }
    }
    this.count++;
    this.lossSum += loss;
  }

  /** Apply the mean gradient with `optimizer` and reset; returns the mean loss. */
  apply(optimizer: tf.Optimizer): number {
    const count = this.count;
    tf.tidy(() => optimizer.applyGradients([...this.sums].map(([name, sum]) => ({ name, tensor: tf.div(sum, count) }))));
    const meanLoss = this.lossSum / count;
    this.reset();
    return meanLoss;
  }

  reset(): void {
    for (const t of this.sums.values()) t.dispose();
    this.sums.clear();
    this.count = 0;
    this.lossSum = 0;
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The two-stage click training loop: for each sample (shuffled per epoch, seeded) plan the prompts
 * without gradients, then take the gradient of the stage-1 + stage-2 loss w.r.t. the decoder's
 * trainable variables only; accumulate `settings.accumulate` samples per Adam step. Updates the
 * decoder in place.
 */
export async function trainDecoder(
  decoder: SamDecoder,
  samples: Samples,
  settings: TrainSettings,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const started = performance.now();
  const source = toSampleSource(samples);
  const rng = createRng(settings.seed);
  const optimizer = tf.train.adam(settings.learningRate);
  const fusion = new DynamicFusion(settings.fusion, options.initialFusion);
  const names = decoder.trainableVariableNames();
  const variables = decoder.trainableVariables().filter((_, i) => !options.onlyVariables || options.onlyVariables.test(names[i] as string));
  const accumulator = new GradientAccumulator();
  const epochs = planVisits({ size: source.size, epochs: settings.epochs, stepBudget: settings.stepBudget, recent: options.recent }, rng);
  const totalSteps = epochs.reduce((n, visits) => n + Math.ceil(visits.length / settings.accumulate), 0);
  const lossHistory: number[] = [];
  const epochMs: number[] = [];
  let skipped = 0;
  let epoch = 0;

  const finishStep = () => {
    if (settings.schedule === "cosine" && totalSteps > 1) {
      // Adam reads its learning rate at every update (a public field in tfjs-core).
      const progress = lossHistory.length / (totalSteps - 1);
      (optimizer as unknown as { learningRate: number }).learningRate = settings.learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
    const loss = accumulator.apply(optimizer);
    lossHistory.push(loss);
    const weights = settings.regime === "fusion" ? fusion.update(loss) : NO_FUSION;
    if (lossHistory.length % settings.progressEvery === 0 || lossHistory.length === totalSteps) {
      options.onProgress?.({ step: lossHistory.length, totalSteps, epoch, loss, ...weights, elapsedMs: performance.now() - started });
    }
  };

  try {
    for (epoch = 0; epoch < epochs.length; epoch++) {
      const epochStart = performance.now();
      for await (const { sample } of prefetched(source, epochs[epoch] as number[])) {
        options.signal?.throwIfAborted();
        const loss = sampleGradients(decoder, sample, settings, settings.regime === "fusion" ? fusion.weights() : NO_FUSION, rng, variables, accumulator);
        if (loss === null) skipped++;
        if (accumulator.count === settings.accumulate) finishStep();
        await yieldToEventLoop();
      }
      if (accumulator.count > 0) finishStep();
      epochMs.push(performance.now() - epochStart);
    }
  } finally {
    accumulator.reset();
    optimizer.dispose();
  }
  const final = settings.regime === "fusion" ? fusion.weights() : NO_FUSION;
  return { steps: lossHistory.length, lossHistory, ...final, elapsedMs: performance.now() - started, epochMs, skipped };
}

/** Gradients of one sample into the accumulator; returns its loss, or null when skipped. */
function sampleGradients(
  decoder: SamDecoder,
  sample: TrainingSample,
  settings: TrainSettings,
  fusion: FusionWeights,
  rng: () => number,
  variables: tf.Variable[],
  accumulator: GradientAccumulator,
): number | null {
  const prepared = prepareTarget(sample);
  const embedding = tf.tensor4d(sample.embedding, [1, 256, 64, 64]);
  const target = tf.tensor4d(prepared.target, [1, 1, LOW_RES_SIZE, LOW_RES_SIZE]);
  try {
    const initial = initialPoints(prepared, settings, rng);
    if (!initial) return null;
    const { value, grads } = tf.variableGrads(() => sampleLoss(decoder, embedding, target, prepared, initial, settings, fusion), variables);
    const loss = value.dataSync()[0] as number;
    value.dispose();
    if (!Number.isFinite(loss)) {
      tf.dispose(Object.values(grads));
      return null;
    }
    accumulator.add(grads, loss);
    return loss;
  } finally {
    embedding.dispose();
    target.dispose();
  }
}
