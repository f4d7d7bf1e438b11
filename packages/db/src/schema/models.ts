// Model versions and training rounds.
import { sql } from "drizzle-orm";
import { doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { MODEL_VERSION_STATUSES, TRAINING_RUN_STATUSES, TRAINING_SPLITS, TRAINING_TRIGGERS } from "../vocabulary";
import { users } from "./auth";
import { timestamptz } from "./columns";
import type { ModelMetrics, TrainingProgress } from "./jsonb";
import { images } from "./images";
import { projects } from "./projects";

export const modelVersionStatusEnum = pgEnum("model_version_status", MODEL_VERSION_STATUSES);
export const trainingRunStatusEnum = pgEnum("training_run_status", TRAINING_RUN_STATUSES);
export const trainingTriggerEnum = pgEnum("training_trigger", TRAINING_TRIGGERS);

export const trainingRuns = pgTable(
  "training_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    status: trainingRunStatusEnum("status").notNull().default("queued"),
    trigger: trainingTriggerEnum("trigger").notNull(),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    progress: jsonb("progress").$type<TrainingProgress | null>(),
    /** Mean loss per optimiser step. */
    lossCurve: jsonb("loss_curve").$type<number[]>().notNull().default([]),
    /** Accepted annotations of the project when the run was queued (auto-trigger baseline). */
    acceptedCount: integer("accepted_count").notNull().default(0),
    trainCount: integer("train_count"),
    valCount: integer("val_count"),
    /** 1 for a round queued by a person or the trigger; the reaper's retry of a dead round counts on. */
    attempt: integer("attempt").notNull().default(1),
    error: text("error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    startedAt: timestamptz("started_at"),
    finishedAt: timestamptz("finished_at"),
    heartbeatAt: timestamptz("heartbeat_at"),
  },
  (t) => [
    index("training_runs_project_idx").on(t.projectId, t.createdAt),
    // One active round per project: the database refuses a second queued/running run.
    uniqueIndex("training_runs_project_active_uq").on(t.projectId).where(sql`status in ('queued', 'running')`),
  ],
);

/**
 * Trained decoders of a project. Version 0 is the base MobileSAM decoder and is not stored: a project
 * without a deployed row uses it. Artifacts are content-addressed in storage and written before the
 * row exists, so a row always points at complete files.
 */
export const modelVersions = pgTable(
  "model_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** 1, 2, … per project (0 = the base model, never stored). */
    number: integer("number").notNull(),
    status: modelVersionStatusEnum("status").notNull(),
    /** SHA-256 (hex) of the single-mask decoder .onnx (the file clients download and verify). */
    sha256: text("sha256").notNull(),
    artifactKey: text("artifact_key").notNull(),
    multimaskArtifactKey: text("multimask_artifact_key"),
    /** SHA-256 (hex) of the multimask decoder (null for rows written before it was stored: hashed on read). */
    multimaskSha256: text("multimask_sha256"),
    /** Trainable weights file (warm start of the next round). */
    weightsKey: text("weights_key").notNull(),
    lambda: doublePrecision("lambda").notNull(),
    mu: doublePrecision("mu").notNull(),
    metrics: jsonb("metrics").$type<ModelMetrics>().notNull(),
    /** The model deployed when the round ran, on the same validation images. */
    baselineMetrics: jsonb("baseline_metrics").$type<ModelMetrics | null>(),
    trainingRunId: uuid("training_run_id").references(() => trainingRuns.id, { onDelete: "set null" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    deployedAt: timestamptz("deployed_at"),
  },
  (t) => [
    uniqueIndex("model_versions_project_number_uq").on(t.projectId, t.number),
    // At most one deployed version per project.
    uniqueIndex("model_versions_project_deployed_uq").on(t.projectId).where(sql`status = 'deployed'`),
  ],
);

export const trainingSplitEnum = pgEnum("training_split", TRAINING_SPLITS);

/**
 * Which side of the split an image with an accepted mask is on, decided the first time a round
 * sees it and never changed after: a validation image is never trained on, a trained image never
 * becomes a validation image (see apps/worker/src/training/split.ts for the rule).
 */
export const imageSplits = pgTable(
  "image_splits",
  {
    imageId: uuid("image_id")
      .primaryKey()
      .references(() => images.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    split: trainingSplitEnum("split").notNull(),
    assignedAt: timestamptz("assigned_at").notNull().defaultNow(),
  },
  (t) => [index("image_splits_project_idx").on(t.projectId, t.split)],
);

/**
 * A model's click-simulator scores on one validation set (images + their masks + the evaluation
 * protocol, hashed): a round reuses the deployed model's instead of re-scoring it. A changed set has
 * another hash, so stale scores are never read.
 */
export const modelValidationScores = pgTable(
  "model_validation_scores",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** `version:<model version id>`, or `base:<decoder file id>` for the base model. */
    modelKey: text("model_key").notNull(),
    validationSetHash: text("validation_set_hash").notNull(),
    images: integer("images").notNull(),
    /** sam-tf's EvaluationSummary (non-finite figures stored as null). */
    summary: jsonb("summary").$type<unknown>().notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("model_validation_scores_uq").on(t.projectId, t.modelKey, t.validationSetHash)],
);

export type ModelVersion = typeof modelVersions.$inferSelect;
export type TrainingRun = typeof trainingRuns.$inferSelect;
