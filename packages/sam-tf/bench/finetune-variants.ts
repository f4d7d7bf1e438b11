// Named training settings the fine-tuning benchmark compares (`--variants a,b,…`). `default` is the
// product's round settings (what a training round in the worker uses), the others change one thing.
import type { TrainSettingsInput } from "../src/train/settings";

export const FINETUNE_VARIANTS: Readonly<Record<string, TrainSettingsInput>> = {
  /** The product's defaults (`defaultTrainSettings`, mode `adapter` since benchmarks train ≥ 80 masks). */
  default: { mode: "adapter" },
  /** The defaults before the first-click change (two-stage, IoU head ×1, no selected-token loss). */
  "two-stage-iou1": { mode: "adapter", loss: { iouHead: 1, selected: 0 } },
  stage1: { mode: "adapter", regime: "stage1" },
  "two-stage": { mode: "adapter", regime: "two-stage" },
  fusion: { mode: "adapter", regime: "fusion" },
  /** Only the mask loss of the token the IoU head selects after one click (IoU head ×1). */
  selected: { mode: "adapter", loss: { selected: 1, iouHead: 1 } },
  /** Only the IoU head weighted ×4 (calibration of the one-click choice). */
  "iou-head-4": { mode: "adapter", loss: { selected: 0, iouHead: 4 } },
  /** selected + IoU head ×4 (the product default since bench/results/finetune-seeds.json). */
  "selected-iou4": { mode: "adapter", loss: { selected: 1, iouHead: 4 } },
  /** More imperfect stage-1 prompts (jittered clicks and boxes half the time). */
  "jitter-0.5": { mode: "adapter", stage1: { jitterProbability: 0.5 } },
  /** Cosine learning-rate decay. */
  cosine: { mode: "adapter", schedule: "cosine" },
  /** Two epochs. */
  "epochs-2": { mode: "adapter", epochs: 2 },
  /** Cold start: prompt-encoder parts only (SAM³ prompt learning), the cold-start settings. */
  prompt: { mode: "prompt" },
};

export function variantSettings(name: string): TrainSettingsInput {
  const settings = FINETUNE_VARIANTS[name];
  if (!settings) throw new Error(`unknown variant ${name} (known: ${Object.keys(FINETUNE_VARIANTS).join(", ")})`);
  return settings;
}
