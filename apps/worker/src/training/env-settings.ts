import { z } from "zod";
import type { TrainRoundOptions } from "../jobs/train-round";

const envSchema = z.object({
  TRAIN_EPOCHS: z.coerce.number().int().min(1).max(1000).optional(),
  TRAIN_ACCUMULATE: z.coerce.number().int().min(1).max(256).optional(),
  TRAIN_LEARNING_RATE: z.coerce.number().positive().max(1).optional(),
  /** Click-simulator NoC cap for the round's evaluation (docs/method.md §4: 20). */
  TRAIN_EVAL_NOC_CAP: z.coerce.number().int().min(3).max(100).optional(),
});

/** Optional overrides of the round's regime from the worker's environment (defaults: sam-tf's). */
export function trainRoundOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TrainRoundOptions {
  const parsed = envSchema.parse(env);
  const train = {
    ...(parsed.TRAIN_EPOCHS ? { epochs: parsed.TRAIN_EPOCHS } : {}),
    ...(parsed.TRAIN_ACCUMULATE ? { accumulate: parsed.TRAIN_ACCUMULATE } : {}),
    ...(parsed.TRAIN_LEARNING_RATE ? { learningRate: parsed.TRAIN_LEARNING_RATE } : {}),
  };
  return { train, ...(parsed.TRAIN_EVAL_NOC_CAP ? { evaluation: { nocCap: parsed.TRAIN_EVAL_NOC_CAP } } : {}) };
}
