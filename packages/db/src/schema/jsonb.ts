// The shapes stored in jsonb columns: one place for every contract the database does not check.
import { z } from "zod";
import { QUEUE_STRATEGY_SETTINGS } from "../vocabulary";

// Each setting's type and bounds, without its default (shared by the stored schema and the patch).
const settingFields = {
  /** Submitted annotations must be accepted by a lead before they count as ground truth. */
  requireReview: z.boolean(),
  /** Number of new accepted annotations that triggers a background training round. */
  autoTrainThreshold: z.number().int().min(1).max(100_000),
  /** Annotators per image: 2 serves each image to two different annotators (consensus). */
  overlap: z.union([z.literal(1), z.literal(2)]),
  /**
   * Order of the annotation queue (docs/method.md §5). `auto`: `uncertainty` once a trained version
   * is deployed, `diversity` before (cold start). `random` is seeded by `queueSeed`.
   */
  queueStrategy: z.enum(QUEUE_STRATEGY_SETTINGS),
  queueSeed: z.number().int().min(0).max(2 ** 31 - 1),
  /** Open images with the deployed model's auto-prompted prediction as the starting mask. */
  preAnnotation: z.boolean(),
  /** Negative auto clicks (lowest prototype similarity) added to the positive one. */
  autoNegativeClicks: z.number().int().min(0).max(4),
};

/** Per-project settings stored in `projects.settings`. Defaults fill in missing keys. */
export const projectSettingsSchema = z.object({
  requireReview: settingFields.requireReview.default(false),
  autoTrainThreshold: settingFields.autoTrainThreshold.default(20),
  queueStrategy: settingFields.queueStrategy.default("auto"),
  queueSeed: settingFields.queueSeed.default(1),
  preAnnotation: settingFields.preAnnotation.default(true),
  autoNegativeClicks: settingFields.autoNegativeClicks.default(0),
  /** Annotators per image: 2 serves each image to two different annotators (consensus). */
  overlap: settingFields.overlap.default(1),
});

/**
 * A partial update: only the keys present change. (`projectSettingsSchema.partial()` would fill
 * omitted keys with their defaults, and a merge would then reset them.)
 */
export const projectSettingsPatchSchema = z.object(settingFields).partial().strict();
export type ProjectSettingsPatch = z.infer<typeof projectSettingsPatchSchema>;

export type ProjectSettings = z.infer<typeof projectSettingsSchema>;
/** What a stored row may hold (older rows lack newer keys): always read through parseProjectSettings. */
export type StoredProjectSettings = z.input<typeof projectSettingsSchema>;

export const defaultProjectSettings: ProjectSettings = projectSettingsSchema.parse({});

/** Parses stored settings, tolerating older rows that lack newer keys. */
export function parseProjectSettings(value: unknown): ProjectSettings {
  return projectSettingsSchema.parse(value ?? {});
}

/** The stored settings with `patch` applied; keys absent from the patch keep their stored value. */
export function mergeProjectSettings(stored: unknown, patch: ProjectSettingsPatch): ProjectSettings {
  const present = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return projectSettingsSchema.parse({ ...parseProjectSettings(stored), ...present });
}

/** One prompt in the click log; `t` is ms since the annotator opened the image. */
export interface AnnotationClick {
  x: number;
  y: number;
  positive: boolean;
  t: number;
  /** Placed by the pre-annotation's auto-prompt (prototype similarity), not by the annotator. */
  auto?: boolean;
}

/** An auto click of a pre-annotation, in image pixels. */
export interface AutoClick {
  x: number;
  y: number;
  positive: boolean;
}

export interface AnnotationBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Mean ± std of one figure over the validation images; null when not finite (e.g. HD95 of empty masks). */
export interface MetricStat {
  mean: number | null;
  std: number | null;
}

/** Validation figures of one model (docs/method.md §4), as stored with a version. */
export interface ModelMetrics {
  /** Validation images. */
  n: number;
  /** Figures after k clicks, k = 1.. (index 0 = one click). */
  byClicks: { clicks: number; dice: MetricStat; iou: MetricStat; hd95: MetricStat }[];
  noc85: MetricStat;
  noc90: MetricStat;
}

export interface TrainingProgress {
  step: number;
  totalSteps: number;
  loss: number | null;
  lambda: number;
  mu: number;
  elapsedMs: number;
  etaMs: number | null;
  /** What the round is doing: loading data, embedding, training, evaluating, publishing. */
  phase: string;
  /** Items of the current non-training phase done so far (embeddings prepared, images scored). */
  phaseProgress?: { done: number; total: number } | null;
}


/** DICOM attributes kept for an image (patient-identifying tags dropped unless asked to keep them). */
export interface DicomSourceInfo {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  frameOfReferenceUid: string | null;
  /** 1-based frame number in a multi-frame instance. */
  frameNumber: number;
  numberOfFrames: number;
  modality: string | null;
  /** Every kept top-level attribute (dcmjs naturalized), for writing DICOM SEG that references it. */
  attributes: Record<string, unknown>;
}

/** Which masks an export contains. */
export interface ExportFilter {
  acceptedOnly: boolean;
  /** ISO dates (inclusive), on the annotation's submission time. */
  from: string | null;
  to: string | null;
  annotatorId: string | null;
}
