CREATE TYPE "public"."annotation_source" AS ENUM('human', 'imported');--> statement-breakpoint
CREATE TYPE "public"."annotation_status" AS ENUM('draft', 'submitted', 'accepted', 'rejected', 'skipped');--> statement-breakpoint
CREATE TABLE "annotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"image_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"annotator_id" text,
	"status" "annotation_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"mask_key" text,
	"mask_area" integer DEFAULT 0 NOT NULL,
	"clicks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"box" jsonb,
	"model_version_id" text,
	"model_sha256" text,
	"time_spent_ms" integer DEFAULT 0 NOT NULL,
	"click_count" integer DEFAULT 0 NOT NULL,
	"skip_reason" text,
	"source" "annotation_source" DEFAULT 'human' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "image_leases" (
	"image_id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_annotator_id_users_id_fk" FOREIGN KEY ("annotator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_leases" ADD CONSTRAINT "image_leases_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_leases" ADD CONSTRAINT "image_leases_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_leases" ADD CONSTRAINT "image_leases_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "annotations_image_annotator_uq" ON "annotations" USING btree ("image_id","annotator_id");--> statement-breakpoint
CREATE INDEX "annotations_project_status_idx" ON "annotations" USING btree ("project_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "image_leases_user_idx" ON "image_leases" USING btree ("user_id","expires_at");--> statement-breakpoint
CREATE INDEX "image_leases_project_idx" ON "image_leases" USING btree ("project_id");