CREATE TYPE "public"."model_version_status" AS ENUM('candidate', 'deployed', 'retired', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."training_run_status" AS ENUM('queued', 'running', 'succeeded', 'rejected', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."training_trigger" AS ENUM('manual', 'auto');--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" "model_version_status" NOT NULL,
	"sha256" text NOT NULL,
	"artifact_key" text NOT NULL,
	"multimask_artifact_key" text,
	"weights_key" text NOT NULL,
	"lambda" double precision NOT NULL,
	"mu" double precision NOT NULL,
	"metrics" jsonb NOT NULL,
	"baseline_metrics" jsonb,
	"training_run_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deployed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "training_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"status" "training_run_status" DEFAULT 'queued' NOT NULL,
	"trigger" "training_trigger" NOT NULL,
	"requested_by" text,
	"progress" jsonb,
	"loss_curve" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"accepted_count" integer DEFAULT 0 NOT NULL,
	"train_count" integer,
	"val_count" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_training_run_id_training_runs_id_fk" FOREIGN KEY ("training_run_id") REFERENCES "public"."training_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_project_number_uq" ON "model_versions" USING btree ("project_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_project_deployed_uq" ON "model_versions" USING btree ("project_id") WHERE status = 'deployed';--> statement-breakpoint
CREATE INDEX "training_runs_project_idx" ON "training_runs" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "training_runs_project_active_uq" ON "training_runs" USING btree ("project_id") WHERE status in ('queued', 'running');