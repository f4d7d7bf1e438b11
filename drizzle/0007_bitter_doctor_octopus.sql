CREATE TYPE "public"."training_split" AS ENUM('train', 'validation');--> statement-breakpoint
CREATE TABLE "image_splits" (
	"image_id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"split" "training_split" NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_validation_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"model_key" text NOT NULL,
	"validation_set_hash" text NOT NULL,
	"images" integer NOT NULL,
	"summary" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_runs" ADD COLUMN "attempt" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "image_splits" ADD CONSTRAINT "image_splits_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_splits" ADD CONSTRAINT "image_splits_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_validation_scores" ADD CONSTRAINT "model_validation_scores_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "image_splits_project_idx" ON "image_splits" USING btree ("project_id","split");--> statement-breakpoint
CREATE UNIQUE INDEX "model_validation_scores_uq" ON "model_validation_scores" USING btree ("project_id","model_key","validation_set_hash");