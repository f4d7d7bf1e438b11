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
  loss: defaultLossWeights,
  progressEvery: 1,
  adapterRank: 32,
};

/** Partial settings, nested groups merged over the defaults. */
export interface TrainSettingsInput extends Partial<Omit<TrainSettings, "stage1" | "clicks" | "fusion" | "loss">> {
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
  };
}
