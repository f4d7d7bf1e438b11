CREATE TYPE "public"."export_format" AS ENUM('png', 'coco', 'nifti', 'dicom-seg');--> statement-breakpoint
CREATE TYPE "public"."export_status" AS ENUM('queued', 'running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."review_outcome" AS ENUM('pending', 'accepted', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."annotation_revision_kind" AS ENUM('submission', 'correction', 'import');--> statement-breakpoint
CREATE TABLE "annotation_agreements" (
	"image_id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"annotation_a" uuid NOT NULL,
	"annotation_b" uuid NOT NULL,
	"dice" double precision NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "annotation_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"annotation_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"image_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"kind" "annotation_revision_kind" NOT NULL,
	"author_id" text,
	"mask_key" text NOT NULL,
	"mask_area" integer NOT NULL,
	"clicks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model_version_id" text,
	"time_spent_ms" integer DEFAULT 0 NOT NULL,
	"click_count" integer DEFAULT 0 NOT NULL,
	"outcome" "review_outcome" DEFAULT 'pending' NOT NULL,
	"review_reason" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "export_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"requested_by" text,
	"format" "export_format" NOT NULL,
	"filter" jsonb NOT NULL,
	"status" "export_status" DEFAULT 'queued' NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"storage_key" text,
	"byte_size" bigint,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "image_sources" (
	"image_id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"pixel_spacing" double precision[],
	"dicom" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "projects" ALTER COLUMN "settings" SET DEFAULT '{"requireReview":false,"autoTrainThreshold":20,"overlap":1}'::jsonb;--> statement-breakpoint
ALTER TABLE "annotations" ADD COLUMN "review_reason" text;--> statement-breakpoint
ALTER TABLE "annotations" ADD COLUMN "reviewed_by" text;--> statement-breakpoint
ALTER TABLE "annotations" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "annotation_agreements" ADD CONSTRAINT "annotation_agreements_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_agreements" ADD CONSTRAINT "annotation_agreements_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_agreements" ADD CONSTRAINT "annotation_agreements_annotation_a_annotations_id_fk" FOREIGN KEY ("annotation_a") REFERENCES "public"."annotations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_agreements" ADD CONSTRAINT "annotation_agreements_annotation_b_annotations_id_fk" FOREIGN KEY ("annotation_b") REFERENCES "public"."annotations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_revisions" ADD CONSTRAINT "annotation_revisions_annotation_id_annotations_id_fk" FOREIGN KEY ("annotation_id") REFERENCES "public"."annotations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_revisions" ADD CONSTRAINT "annotation_revisions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_revisions" ADD CONSTRAINT "annotation_revisions_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_revisions" ADD CONSTRAINT "annotation_revisions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotation_revisions" ADD CONSTRAINT "annotation_revisions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_sources" ADD CONSTRAINT "image_sources_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "annotation_agreements_project_idx" ON "annotation_agreements" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "annotation_revisions_annotation_revision_uq" ON "annotation_revisions" USING btree ("annotation_id","revision");--> statement-breakpoint
CREATE INDEX "annotation_revisions_project_idx" ON "annotation_revisions" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "export_jobs_project_idx" ON "export_jobs" USING btree ("project_id","created_at");--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;