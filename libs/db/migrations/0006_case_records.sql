CREATE TABLE "case_records" (
	"case_id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"first_run_id" text NOT NULL,
	"policy_version" text NOT NULL,
	"close_reason" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"data_seq" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"seq" integer NOT NULL,
	"as_of" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "case_records_workflow_idx" ON "case_records" USING btree ("workflow_id");