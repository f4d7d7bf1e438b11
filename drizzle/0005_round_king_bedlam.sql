CREATE TYPE "public"."scoring_run_status" AS ENUM('running', 'active', 'superseded', 'failed');--> statement-breakpoint
CREATE TABLE "image_scores" (
	"scoring_run_id" uuid NOT NULL,
	"image_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"model_version_id" uuid,
	"iou_part" double precision,
	"stability_part" double precision,
	"entropy_part" double precision,
	"disagreement_part" double precision,
	"score" double precision,
	"max_similarity" double precision,
	"rank_uncertainty" integer,
	"rank_diversity" integer,
	"rank_random" integer,
	"pooled" real[] NOT NULL,
	"pre_annotation_key" text,
	"auto_clicks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"predicted_iou" double precision,
	"candidate" integer,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "image_scores_scoring_run_id_image_id_pk" PRIMARY KEY("scoring_run_id","image_id")
);
--> statement-breakpoint
CREATE TABLE "scoring_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"model_version_id" uuid,
	"status" "scoring_run_status" DEFAULT 'running' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"prototype_count" integer DEFAULT 0 NOT NULL,
	"reused" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "projects" ALTER COLUMN "settings" SET DEFAULT '{"requireReview":false,"autoTrainThreshold":20,"queueStrategy":"auto","queueSeed":1,"preAnnotation":true,"autoNegativeClicks":0,"overlap":1}'::jsonb;--> statement-breakpoint
ALTER TABLE "annotations" ADD COLUMN "pre_annotated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "image_scores" ADD CONSTRAINT "image_scores_scoring_run_id_scoring_runs_id_fk" FOREIGN KEY ("scoring_run_id") REFERENCES "public"."scoring_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_scores" ADD CONSTRAINT "image_scores_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_scores" ADD CONSTRAINT "image_scores_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_runs" ADD CONSTRAINT "scoring_runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_runs" ADD CONSTRAINT "scoring_runs_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "image_scores_run_uncertainty_idx" ON "image_scores" USING btree ("scoring_run_id","rank_uncertainty");--> statement-breakpoint
CREATE INDEX "image_scores_run_diversity_idx" ON "image_scores" USING btree ("scoring_run_id","rank_diversity");--> statement-breakpoint
CREATE INDEX "image_scores_run_random_idx" ON "image_scores" USING btree ("scoring_run_id","rank_random");--> statement-breakpoint
CREATE INDEX "image_scores_image_idx" ON "image_scores" USING btree ("image_id");--> statement-breakpoint
CREATE INDEX "scoring_runs_project_idx" ON "scoring_runs" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_runs_project_active_uq" ON "scoring_runs" USING btree ("project_id") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_runs_project_running_uq" ON "scoring_runs" USING btree ("project_id") WHERE status = 'running';