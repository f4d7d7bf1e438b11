// Annotations and queue leases (the annotator workspace).
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ANNOTATION_SOURCES, ANNOTATION_STATUSES } from "../vocabulary";
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

export type Annotation = typeof annotations.$inferSelect;
export type ImageLease = typeof imageLeases.$inferSelect;
