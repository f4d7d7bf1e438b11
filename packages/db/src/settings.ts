import { z } from "zod";

/** Per-project settings stored in `projects.settings` (jsonb). Defaults fill in missing keys. */
export const projectSettingsSchema = z.object({
  /** Submitted annotations must be accepted by a lead before they count as ground truth. */
  requireReview: z.boolean().default(false),
  /** Number of new accepted annotations that triggers a background training round. */
  autoTrainThreshold: z.number().int().min(1).max(100_000).default(20),
  /** Annotators per image: 2 serves each image to two different annotators (consensus). */
  overlap: z.union([z.literal(1), z.literal(2)]).default(1),
});

export type ProjectSettings = z.infer<typeof projectSettingsSchema>;
/** What a stored row may hold (older rows lack newer keys): always read through parseProjectSettings. */
export type StoredProjectSettings = z.input<typeof projectSettingsSchema>;

export const defaultProjectSettings: ProjectSettings = projectSettingsSchema.parse({});

/** Parses stored settings, tolerating older rows that lack newer keys. */
export function parseProjectSettings(value: unknown): ProjectSettings {
  return projectSettingsSchema.parse(value ?? {});
}
