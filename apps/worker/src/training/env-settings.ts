import { z } from "zod";
import type { TrainRoundOptions } from "../jobs/train-round";

const envSchema = z.object({
  TRAIN_EPOCHS: z.coerce.number().int().min(1).max(1000).optional(),
  TRAIN_ACCUMULATE: z.coerce.number().int().min(1).max(256).optional(),
  TRAIN_LEARNING_RATE: z.coerce.number().positive().max(1).optional(),
  /** Click-simulator NoC cap for the round's evaluation (docs/method.md §4: 20). */
  TRAIN_EVAL_NOC_CAP: z.coerce.number().int().min(3).max(100).optional(),
  /** Sample visits per round (the fixed cost; sam-tf's default 200), or `none` for full passes. */
  TRAIN_STEP_BUDGET: z.union([z.literal("none"), z.coerce.number().int().min(1).max(1_000_000)]).optional(),
  /** `auto` (cold start below a dozen masks), `adapter` or `prompt`. */
  TRAIN_MODE: z.enum(["auto", "adapter", "prompt"]).optional(),
  /** Validation images a round scores on at most (default 50). */
  TRAIN_MAX_VALIDATION: z.coerce.number().int().min(1).max(100_000).optional(),
});

/** Optional overrides of the round's regime from the worker's environment (defaults: sam-tf's). */
export function trainRoundOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TrainRoundOptions {
  const parsed = envSchema.parse(env);
  const train = {
    ...(parsed.TRAIN_EPOCHS ? { epochs: parsed.TRAIN_EPOCHS } : {}),
    ...(parsed.TRAIN_ACCUMULATE ? { accumulate: parsed.TRAIN_ACCUMULATE } : {}),
    ...(parsed.TRAIN_LEARNING_RATE ? { learningRate: parsed.TRAIN_LEARNING_RATE } : {}),
    ...(parsed.TRAIN_STEP_BUDGET !== undefined ? { stepBudget: parsed.TRAIN_STEP_BUDGET === "none" ? null : parsed.TRAIN_STEP_BUDGET } : {}),
    ...(parsed.TRAIN_MODE ? { mode: parsed.TRAIN_MODE } : {}),
  };
  return {
    train,
    ...(parsed.TRAIN_EVAL_NOC_CAP ? { evaluation: { nocCap: parsed.TRAIN_EVAL_NOC_CAP } } : {}),
    ...(parsed.TRAIN_MAX_VALIDATION ? { maxValidation: parsed.TRAIN_MAX_VALIDATION } : {}),
  };
}
