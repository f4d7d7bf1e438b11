import { randomUUID } from "node:crypto";
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { defaultProjectSettings, type ProjectSettings } from "./settings";

// ---------------------------------------------------------------------------
// Auth.js tables (shape required by @auth/drizzle-adapter for postgres).
// Property names are fixed by the adapter; SQL column names may differ.
// ---------------------------------------------------------------------------

export const users = pgTable("users", {
  id: text("id").primaryKey().$defaultFn(() => randomUUID()),
  name: text("name"),
  email: text("email").unique(),
  emailVerified: timestamp("email_verified", { mode: "date", withTimezone: true }),
  image: text("image"),
  /** scrypt hash (see @clickloop/auth password.ts); null for accounts that cannot sign in with a password. */
  passwordHash: text("password_hash"),
  isInstanceAdmin: boolean("is_instance_admin").notNull().default(false),
  createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamp("expires", { mode: "date", withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { mode: "date", withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ---------------------------------------------------------------------------
// Projects and membership
// ---------------------------------------------------------------------------

/** Ordered: annotator < lead < admin (see PROJECT_ROLES in roles.ts). */
export const projectRoleEnum = pgEnum("project_role", ["annotator", "lead", "admin"]);

export const projects = pgTable("projects", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** The structure being segmented, e.g. "lesion". */
  targetLabel: text("target_label").notNull(),
  description: text("description").notNull().default(""),
  /** Validated with projectSettingsSchema at every read/write boundary. */
  settings: jsonb("settings").$type<ProjectSettings>().notNull().default(defaultProjectSettings),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  "memberships",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: projectRoleEnum("role").notNull(),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: projectRoleEnum("role").notNull(),
    /** SHA-256 (hex) of the token; the token itself is only ever shown once, to the inviter. */
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { mode: "date", withTimezone: true }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { mode: "date", withTimezone: true }),
  },
  (t) => [index("invitations_project_idx").on(t.projectId, t.createdAt)],
);

// ---------------------------------------------------------------------------
// Images and derived files
// ---------------------------------------------------------------------------

export const imageStatusEnum = pgEnum("image_status", ["unlabeled", "in_progress", "submitted", "accepted", "skipped"]);

export const images = pgTable(
  "images",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** SHA-256 (hex) of the original bytes; also the HTTP ETag. */
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    thumbnailKey: text("thumbnail_key"),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    mime: text("mime").notNull(),
    byteSize: integer("byte_size").notNull(),
    originalName: text("original_name").notNull(),
    status: imageStatusEnum("status").notNull().default("unlabeled"),
    /** Null for command-line imports. */
    uploadedBy: text("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("images_project_sha256_uq").on(t.projectId, t.sha256),
    index("images_project_list_idx").on(t.projectId, t.createdAt, t.id),
    index("images_project_status_idx").on(t.projectId, t.status, t.createdAt, t.id),
  ],
);

export const embeddings = pgTable(
  "embeddings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    imageId: uuid("image_id")
      .notNull()
      .references(() => images.id, { onDelete: "cascade" }),
    /** Identifies encoder weights + preprocessing, e.g. "mobilesam-vit-t@1". */
    encoderId: text("encoder_id").notNull(),
    storageKey: text("storage_key").notNull(),
    shape: integer("shape").array().notNull(),
    dtype: text("dtype").notNull(),
    byteSize: integer("byte_size").notNull(),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("embeddings_image_encoder_uq").on(t.imageId, t.encoderId)],
);

/**
 * Ground-truth masks that came with an import (`pnpm import`). Kept aside so a later
 * step can turn them into accepted, imported annotations.
 */
export const referenceMasks = pgTable("reference_masks", {
  imageId: uuid("image_id")
    .primaryKey()
    .references(() => images.id, { onDelete: "cascade" }),
  storageKey: text("storage_key").notNull(),
  sha256: text("sha256").notNull(),
  originalName: text("original_name").notNull(),
  createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
});

// Later issues add: annotations (drafts + review), leases, model_versions, training_runs.
// Keep naming consistent: plural snake_case table names, uuid ids, `project_id`/`image_id` FKs,
// timestamps `*_at` with time zone.

// ---------------------------------------------------------------------------
// Annotations and queue leases (annotator workspace)
// ---------------------------------------------------------------------------

export const annotationStatusEnum = pgEnum("annotation_status", ["draft", "submitted", "accepted", "rejected", "skipped"]);
export const annotationSourceEnum = pgEnum("annotation_source", ["human", "imported"]);

/** One prompt in the click log; `t` is ms since the annotator opened the image. */
export interface AnnotationClick {
  x: number;
  y: number;
  positive: boolean;
  t: number;
}

export interface AnnotationBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const annotations = pgTable(
  "annotations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    imageId: uuid("image_id")
      .notNull()
      .references(() => images.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** Null for imported masks. */
    annotatorId: text("annotator_id").references(() => users.id, { onDelete: "set null" }),
    status: annotationStatusEnum("status").notNull().default("draft"),
    /** Optimistic locking: every write must name the version it read; the write bumps it. */
    version: integer("version").notNull().default(1),
    /** Storage key of the mask PNG (8-bit, 0/255, image size); null for skips and empty drafts. */
    maskKey: text("mask_key"),
    maskArea: integer("mask_area").notNull().default(0),
    clicks: jsonb("clicks").$type<AnnotationClick[]>().notNull().default([]),
    box: jsonb("box").$type<AnnotationBox | null>(),
    /** "base" or a model version id; with the decoder's SHA-256, what the annotator was helped by. */
    modelVersionId: text("model_version_id"),
    modelSha256: text("model_sha256"),
    timeSpentMs: integer("time_spent_ms").notNull().default(0),
    clickCount: integer("click_count").notNull().default(0),
    skipReason: text("skip_reason"),
    source: annotationSourceEnum("source").notNull().default("human"),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { mode: "date", withTimezone: true }),
  },
  (t) => [
    // One annotation per annotator and image (imported ones have no annotator).
    uniqueIndex("annotations_image_annotator_uq").on(t.imageId, t.annotatorId),
    index("annotations_project_status_idx").on(t.projectId, t.status, t.updatedAt),
  ],
);

/** Who is working on an image right now; an expired lease is free for the next annotator. */
export const imageLeases = pgTable(
  "image_leases",
  {
    imageId: uuid("image_id")
      .primaryKey()
      .references(() => images.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("image_leases_user_idx").on(t.userId, t.expiresAt), index("image_leases_project_idx").on(t.projectId)],
);

// ---------------------------------------------------------------------------
// Audit log
// ---------------------------------------------------------------------------

export const auditEvents = pgTable(
  "audit_events",
  {
    /** Monotonic id doubles as the pagination cursor. */
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "set null" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_events_project_idx").on(t.projectId, t.id)],
);

// ---------------------------------------------------------------------------
// Model versions and training rounds
// ---------------------------------------------------------------------------

export const modelVersionStatusEnum = pgEnum("model_version_status", ["candidate", "deployed", "retired", "rejected"]);
export const trainingRunStatusEnum = pgEnum("training_run_status", ["queued", "running", "succeeded", "rejected", "failed", "cancelled"]);
export const trainingTriggerEnum = pgEnum("training_trigger", ["manual", "auto"]);

/** Mean ± std of one figure over the validation images; null when not finite (e.g. HD95 of empty masks). */
export interface MetricStat {
  mean: number | null;
  std: number | null;
}

/** Validation figures of one model (SPEC §4), as stored with a version. */
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
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { mode: "date", withTimezone: true }),
    finishedAt: timestamp("finished_at", { mode: "date", withTimezone: true }),
    heartbeatAt: timestamp("heartbeat_at", { mode: "date", withTimezone: true }),
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
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    deployedAt: timestamp("deployed_at", { mode: "date", withTimezone: true }),
  },
  (t) => [
    uniqueIndex("model_versions_project_number_uq").on(t.projectId, t.number),
    // At most one deployed version per project.
    uniqueIndex("model_versions_project_deployed_uq").on(t.projectId).where(sql`status = 'deployed'`),
  ],
);

export const trainingSplitEnum = pgEnum("training_split", ["train", "validation"]);

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
    assignedAt: timestamp("assigned_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
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
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("model_validation_scores_uq").on(t.projectId, t.modelKey, t.validationSetHash)],
);

export type ModelVersion = typeof modelVersions.$inferSelect;
export type TrainingRun = typeof trainingRuns.$inferSelect;
export type ModelVersionStatus = (typeof modelVersionStatusEnum.enumValues)[number];
export type TrainingRunStatus = (typeof trainingRunStatusEnum.enumValues)[number];

export type User = typeof users.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type Image = typeof images.$inferSelect;
export type Embedding = typeof embeddings.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type Annotation = typeof annotations.$inferSelect;
export type ImageLease = typeof imageLeases.$inferSelect;
export type AnnotationStatus = (typeof annotationStatusEnum.enumValues)[number];
export type ProjectRole = (typeof projectRoleEnum.enumValues)[number];
export type ImageStatus = (typeof imageStatusEnum.enumValues)[number];
