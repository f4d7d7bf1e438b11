// Active learning (docs/method.md §5): scoring runs (generations) and per-image scores.
import { sql } from "drizzle-orm";
import { doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, real, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { SCORING_RUN_STATUSES } from "../vocabulary";
import { timestamptz } from "./columns";
import { images } from "./images";
import type { AutoClick } from "./jsonb";
import { modelVersions } from "./models";
import { projects } from "./projects";

/**
 * `running` while being written, `active` = the generation the queue serves (at most one per
 * project), `superseded` once a newer one went active, `failed` when abandoned.
 */
export const scoringRunStatusEnum = pgEnum("scoring_run_status", SCORING_RUN_STATUSES);

/**
 * One scoring of a project's open images under one model (SPEC §5). Its `image_scores` rows are a
 * generation: written while `running` (resumable), served only once the job flips it to `active`
 * in the transaction that supersedes the previous one, so a half-written set is never served.
 */
export const scoringRuns = pgTable(
  "scoring_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** The deployed version scored with; null = the base model. */
    modelVersionId: uuid("model_version_id").references(() => modelVersions.id, { onDelete: "cascade" }),
    status: scoringRunStatusEnum("status").notNull().default("running"),
    /** Images to score (open and embedded when the run started) and how many are done. */
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    /** Accepted masks the prototype was averaged from (0 = cold start: diversity only). */
    prototypeCount: integer("prototype_count").notNull().default(0),
    /** Rows taken over from the previous generation (same model) instead of re-scored. */
    reused: integer("reused").notNull().default(0),
    error: text("error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    heartbeatAt: timestamptz("heartbeat_at"),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    index("scoring_runs_project_idx").on(t.projectId, t.createdAt),
    uniqueIndex("scoring_runs_project_active_uq").on(t.projectId).where(sql`status = 'active'`),
    uniqueIndex("scoring_runs_project_running_uq").on(t.projectId).where(sql`status = 'running'`),
  ],
);

/** Why an image is where it is in the queue: its uncertainty parts, combined score and ranks. */
export const imageScores = pgTable(
  "image_scores",
  {
    scoringRunId: uuid("scoring_run_id")
      .notNull()
      .references(() => scoringRuns.id, { onDelete: "cascade" }),
    imageId: uuid("image_id")
      .notNull()
      .references(() => images.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** Null = the base model. */
    modelVersionId: uuid("model_version_id"),
    /** The four parts (higher = more uncertain, 0..1); null at cold start (no prototype). */
    iouPart: doublePrecision("iou_part"),
    stabilityPart: doublePrecision("stability_part"),
    entropyPart: doublePrecision("entropy_part"),
    disagreementPart: doublePrecision("disagreement_part"),
    /** Rank average of the parts over the generation (0..1, higher = more uncertain). */
    score: doublePrecision("score"),
    maxSimilarity: doublePrecision("max_similarity"),
    /** Queue position per strategy (0 = served first), written when the generation is complete. */
    rankUncertainty: integer("rank_uncertainty"),
    rankDiversity: integer("rank_diversity"),
    rankRandom: integer("rank_random"),
    /** 256-d mean-pooled embedding (re-ranking without reloading embeddings). */
    pooled: real("pooled").array().notNull(),
    /** The pre-annotation: mask PNG (0/255, image size), the auto clicks, the chosen candidate. */
    preAnnotationKey: text("pre_annotation_key"),
    autoClicks: jsonb("auto_clicks").$type<AutoClick[]>().notNull().default([]),
    predictedIou: doublePrecision("predicted_iou"),
    candidate: integer("candidate"),
    scoredAt: timestamptz("scored_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.scoringRunId, t.imageId] }),
    // The next-image query walks one of these in order (a Limit over an Index Scan, never a sort).
    index("image_scores_run_uncertainty_idx").on(t.scoringRunId, t.rankUncertainty),
    index("image_scores_run_diversity_idx").on(t.scoringRunId, t.rankDiversity),
    index("image_scores_run_random_idx").on(t.scoringRunId, t.rankRandom),
    index("image_scores_image_idx").on(t.imageId),
  ],
);

export type ScoringRun = typeof scoringRuns.$inferSelect;
export type ImageScore = typeof imageScores.$inferSelect;
