// The words the whole product shares — project roles and the statuses of images, annotations,
// model versions and training runs — as plain constants. Browser-safe (no drizzle, no Node):
// the web app imports this file through `@clickloop/db/vocabulary`, the schema builds its
// Postgres enums from it, so the database, the API and the UI cannot drift apart.

/** Project roles in increasing order of privilege. */
export const PROJECT_ROLES = ["annotator", "lead", "admin"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export function roleRank(role: ProjectRole): number {
  return PROJECT_ROLES.indexOf(role);
}

export function roleAtLeast(role: ProjectRole, minimum: ProjectRole): boolean {
  return roleRank(role) >= roleRank(minimum);
}

/** Image statuses in workflow order. */
export const IMAGE_STATUSES = ["unlabeled", "in_progress", "submitted", "accepted", "skipped"] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export const ANNOTATION_STATUSES = ["draft", "submitted", "accepted", "rejected", "skipped"] as const;
export type AnnotationStatus = (typeof ANNOTATION_STATUSES)[number];

export const ANNOTATION_SOURCES = ["human", "imported"] as const;

export const MODEL_VERSION_STATUSES = ["candidate", "deployed", "retired", "rejected"] as const;
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];

export const TRAINING_RUN_STATUSES = ["queued", "running", "succeeded", "rejected", "failed", "cancelled"] as const;
export type TrainingRunStatus = (typeof TRAINING_RUN_STATUSES)[number];

export const TRAINING_TRIGGERS = ["manual", "auto"] as const;

/** Scoring generations: written (`running`), served (`active`, one per project), replaced, abandoned. */
export const SCORING_RUN_STATUSES = ["running", "active", "superseded", "failed"] as const;
export type ScoringRunStatus = (typeof SCORING_RUN_STATUSES)[number];

/** Queue orders a project may choose (the orderings of @clickloop/sam/active-learning, plus `auto`). */
export const QUEUE_STRATEGY_SETTINGS = ["auto", "uncertainty", "diversity", "random", "upload"] as const;
export type QueueStrategySetting = (typeof QUEUE_STRATEGY_SETTINGS)[number];

/** The side of the split an image with an accepted mask is on (fixed once a round has seen it). */
export const TRAINING_SPLITS = ["train", "validation"] as const;
export type TrainingSplit = (typeof TRAINING_SPLITS)[number];

/** How a version of a mask came about, and what review made of it (annotation_revisions). */
export const REVISION_KINDS = ["submission", "correction", "import"] as const;
export const REVIEW_OUTCOMES = ["pending", "accepted", "rejected"] as const;

export const EXPORT_FORMATS = ["png", "coco", "nifti", "dicom-seg"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
