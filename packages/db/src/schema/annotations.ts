// Annotations and queue leases (the annotator workspace).
import { doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ANNOTATION_SOURCES, ANNOTATION_STATUSES, REVIEW_OUTCOMES, REVISION_KINDS } from "../vocabulary";
import { users } from "./auth";
import { timestamptz } from "./columns";
import { images } from "./images";
import type { AnnotationBox, AnnotationClick } from "./jsonb";
import { projects } from "./projects";

export const annotationStatusEnum = pgEnum("annotation_status", ANNOTATION_STATUSES);
export const annotationSourceEnum = pgEnum("annotation_source", ANNOTATION_SOURCES);

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
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    submittedAt: timestamptz("submitted_at"),
    /** The last review decision's reason (a rejection's reason is shown to the annotator in the workspace). */
    reviewReason: text("review_reason"),
    reviewedBy: text("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamptz("reviewed_at"),
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
    expiresAt: timestamptz("expires_at").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("image_leases_user_idx").on(t.userId, t.expiresAt), index("image_leases_project_idx").on(t.projectId)],
);

export const revisionKindEnum = pgEnum("annotation_revision_kind", REVISION_KINDS);
export const reviewOutcomeEnum = pgEnum("review_outcome", REVIEW_OUTCOMES);

/**
 * Every submitted version of an annotation, never updated except for its review outcome: a
 * resubmission or a lead's correction adds a row, so the history of a mask is complete.
 */
export const annotationRevisions = pgTable(
  "annotation_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    annotationId: uuid("annotation_id")
      .notNull()
      .references(() => annotations.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    imageId: uuid("image_id")
      .notNull()
      .references(() => images.id, { onDelete: "cascade" }),
    /** 1, 2, … per annotation. */
    revision: integer("revision").notNull(),
    kind: revisionKindEnum("kind").notNull(),
    /** Who drew this version: the annotator, or the lead who corrected it. */
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    maskKey: text("mask_key").notNull(),
    maskArea: integer("mask_area").notNull(),
    clicks: jsonb("clicks").$type<AnnotationClick[]>().notNull().default([]),
    modelVersionId: text("model_version_id"),
    timeSpentMs: integer("time_spent_ms").notNull().default(0),
    clickCount: integer("click_count").notNull().default(0),
    outcome: reviewOutcomeEnum("outcome").notNull().default("pending"),
    reviewReason: text("review_reason"),
    reviewedBy: text("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamptz("reviewed_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("annotation_revisions_annotation_revision_uq").on(t.annotationId, t.revision),
    index("annotation_revisions_project_idx").on(t.projectId, t.createdAt),
  ],
);

/** Agreement of two annotators on one image (consensus, project overlap 2). */
export const annotationAgreements = pgTable(
  "annotation_agreements",
  {
    imageId: uuid("image_id")
      .primaryKey()
      .references(() => images.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    annotationA: uuid("annotation_a")
      .notNull()
      .references(() => annotations.id, { onDelete: "cascade" }),
    annotationB: uuid("annotation_b")
      .notNull()
      .references(() => annotations.id, { onDelete: "cascade" }),
    dice: doublePrecision("dice").notNull(),
    computedAt: timestamptz("computed_at").notNull().defaultNow(),
  },
  (t) => [index("annotation_agreements_project_idx").on(t.projectId)],
);

export type Annotation = typeof annotations.$inferSelect;
export type AnnotationRevision = typeof annotationRevisions.$inferSelect;
export type ImageLease = typeof imageLeases.$inferSelect;
