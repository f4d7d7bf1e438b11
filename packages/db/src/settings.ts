import { z } from "zod";

/** Queue strategies a project may choose (the orderings of @clickloop/sam/active-learning, plus `auto`). */
export const QUEUE_STRATEGY_SETTINGS = ["auto", "uncertainty", "diversity", "random", "upload"] as const;
export type QueueStrategySetting = (typeof QUEUE_STRATEGY_SETTINGS)[number];

/** Per-project settings stored in `projects.settings` (jsonb). Defaults fill in missing keys. */
export const projectSettingsSchema = z.object({
  /** Submitted annotations must be accepted by a lead before they count as ground truth. */
  requireReview: z.boolean().default(false),
  /** Number of new accepted annotations that triggers a background training round. */
  autoTrainThreshold: z.number().int().min(1).max(100_000).default(20),
  /**
   * Order of the annotation queue (SPEC §5). `auto`: `uncertainty` once a trained version is
   * deployed, `diversity` before (cold start). `random` is seeded by `queueSeed`.
   */
  queueStrategy: z.enum(QUEUE_STRATEGY_SETTINGS).default("auto"),
  queueSeed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Open images with the deployed model's auto-prompted prediction as the starting mask. */
  preAnnotation: z.boolean().default(true),
  /** Negative auto clicks (lowest prototype similarity) added to the positive one. */
  autoNegativeClicks: z.number().int().min(0).max(4).default(0),
});

export type ProjectSettings = z.infer<typeof projectSettingsSchema>;

export const defaultProjectSettings: ProjectSettings = projectSettingsSchema.parse({});

/** Parses stored settings, tolerating older rows that lack newer keys. */
export function parseProjectSettings(value: unknown): ProjectSettings {
  return projectSettingsSchema.parse(value ?? {});
}
