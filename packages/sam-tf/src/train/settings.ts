import { defaultCvtSettings } from "./cvt";
import { defaultFusionSettings, type FusionSettings } from "./dynamic-fusion";
import { defaultLossWeights, type LossWeights } from "./loss";
import { defaultStage1Settings, type Stage1Settings } from "./stage1-click";
import type { ClickPlacementSettings } from "./stage2-clicks";

/**
 * Which parts of the regime run (the ablations of the benchmark):
 * - `stage1`: the centre click only (loss on stage 1);
 * - `two-stage`: ClickSAM — stage-1 prediction, CVT clicks in its TP/FP/FN components, stage-2 loss too;
 * - `fusion`: SAMCA on top — guided clicks from the errors of the initial and the guided mask, dynamic fusion λ/μ.
 */
export type TrainingRegime = "stage1" | "two-stage" | "fusion";

/**
 * What a round trains: `adapter` the SAMCA adapters + prompt-encoder parts; `prompt` only the
 * prompt-encoder parts (SAM³ prompt learning: a few masks, seconds); `auto` prompt learning while
 * the project has fewer than `coldStart.below` training masks and no adapter version yet.
 */
export type RoundMode = "auto" | "adapter" | "prompt";

/** The cold-start rounds of a new project (mode `prompt`, or `auto` below the threshold). */
export interface ColdStartSettings {
  /** `auto` uses prompt learning below this many training masks. */
  readonly below: number;
  readonly regime: TrainingRegime;
  readonly epochs: number;
  readonly learningRate: number;
}

export interface TrainSettings {
  readonly regime: TrainingRegime;
  readonly epochs: number;
  /** Samples per optimiser step (batch 1, gradients accumulated). */
  readonly accumulate: number;
  readonly learningRate: number;
  readonly seed: number;
  /** Pass the stage-1 low-res logits as stage 2's mask prompt (SAM's iterative practice). */
  readonly maskPromptInStage2: boolean;
  readonly stage1: Stage1Settings;
  /** Click placement in the 256x256 low-res frame (areas in low-res cells: one cell ≈ 4x4 model pixels). */
  readonly clicks: ClickPlacementSettings;
  readonly fusion: FusionSettings;
  readonly loss: LossWeights;
  /** Report progress every this many optimiser steps. */
  readonly progressEvery: number;
  /** SAMCA adapter rank r; null = prompt learning only. */
  readonly adapterRank: number | null;
  /**
   * Sample visits per round (batch 1): a fixed cost whatever the project's size — new masks first,
   * the rest replayed from older ones (see visit-plan.ts). null = `epochs` full passes.
   */
  readonly stepBudget: number | null;
  /** Learning rate over the round: constant, or cosine decay to 10% at the last step. */
  readonly schedule: "constant" | "cosine";
  readonly mode: RoundMode;
  readonly coldStart: ColdStartSettings;
}

/**
 * The product's round defaults. `regime: "two-stage"`: the best measured row of the regime ablation
 * (src/train/README.md, bench/results/finetune*.json: at N = 80 and N = 200 it beat the base at 1, 3 and
 * 5 clicks and on NoC85/NoC90, while `fusion` was worse on NoC and degraded with more steps).
 */
export const defaultTrainSettings: TrainSettings = {
  regime: "two-stage",
  epochs: 1,
  accumulate: 1,
  learningRate: 3e-4,
  seed: 1,
  maskPromptInStage2: false,
  stage1: defaultStage1Settings,
  clicks: { cvt: { ...defaultCvtSettings, areaPerClick: 400, maxClicks: 3, minArea: 8 }, maxClicks: 8 },
  fusion: defaultFusionSettings,
  // The first click: the shown (IoU-selected) token's mask is trained too and the IoU head weighs 4×
  // (bench/results/finetune-seeds.json: Dice@1 63.23 ± 2.54 vs 58.30 ± 1.95, IoU head r@1 0.09 vs −0.40).
  loss: { ...defaultLossWeights, iouHead: 4, selected: 1 },
  progressEvery: 1,
  adapterRank: 32,
  stepBudget: 200,
  schedule: "constant",
  mode: "auto",
  coldStart: { below: 12, regime: "stage1", epochs: 3, learningRate: 1e-3 },
};

/** Partial settings, nested groups merged over the defaults. */
export interface TrainSettingsInput extends Partial<Omit<TrainSettings, "stage1" | "clicks" | "fusion" | "loss" | "coldStart">> {
  readonly coldStart?: Partial<ColdStartSettings>;
  readonly stage1?: Partial<Stage1Settings>;
  readonly clicks?: Partial<ClickPlacementSettings>;
  readonly fusion?: Partial<FusionSettings>;
  readonly loss?: Partial<LossWeights>;
}

export function resolveTrainSettings(input: TrainSettingsInput = {}): TrainSettings {
  const d = defaultTrainSettings;
  return {
    ...d,
    ...input,
    stage1: { ...d.stage1, ...input.stage1 },
    clicks: { ...d.clicks, ...input.clicks },
    fusion: { ...d.fusion, ...input.fusion },
    loss: { ...d.loss, ...input.loss },
    coldStart: { ...d.coldStart, ...input.coldStart },
  };
}

/** Whether a round on `trainingMasks` masks uses prompt learning (cold start) or the adapters. */
export function usesPromptLearning(settings: TrainSettings, trainingMasks: number, warmStartHasAdapters: boolean): boolean {
  if (settings.mode === "prompt") return true;
  if (settings.mode === "adapter") return false;
  return !warmStartHasAdapters && trainingMasks < settings.coldStart.below;
}

/** The settings a cold-start (prompt-learning) round trains with. */
export function coldStartSettings(settings: TrainSettings): TrainSettings {
  const { regime, epochs, learningRate } = settings.coldStart;
  return { ...settings, regime, epochs, learningRate };
}
