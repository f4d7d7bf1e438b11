// Images and the files derived from them.
import { doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { IMAGE_STATUSES } from "../vocabulary";
import { users } from "./auth";
import { timestamptz } from "./columns";
import type { DicomSourceInfo } from "./jsonb";
import { projects } from "./projects";

export const imageStatusEnum = pgEnum("image_status", IMAGE_STATUSES);

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
    createdAt: timestamptz("created_at").notNull().defaultNow(),
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
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("embeddings_image_encoder_uq").on(t.imageId, t.encoderId)],
);

/**
 * Ground-truth masks that came with an import (`pnpm data:import`). Kept aside so a later
 * step can turn them into accepted, imported annotations.
 */
export const referenceMasks = pgTable("reference_masks", {
  imageId: uuid("image_id")
    .primaryKey()
    .references(() => images.id, { onDelete: "cascade" }),
  storageKey: text("storage_key").notNull(),
  sha256: text("sha256").notNull(),
  originalName: text("original_name").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});

/** Where an image came from (DICOM import): kept for exports (DICOM SEG, NIfTI voxel size). */
export const imageSources = pgTable("image_sources", {
  imageId: uuid("image_id")
    .primaryKey()
    .references(() => images.id, { onDelete: "cascade" }),
  kind: text("kind").$type<"dicom">().notNull(),
  /** Millimetres per pixel [row spacing, column spacing], when the source says so. */
  pixelSpacing: doublePrecision("pixel_spacing").array(),
  dicom: jsonb("dicom").$type<DicomSourceInfo | null>(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});

export type Image = typeof images.$inferSelect;
export type ImageSource = typeof imageSources.$inferSelect;
export type Embedding = typeof embeddings.$inferSelect;
