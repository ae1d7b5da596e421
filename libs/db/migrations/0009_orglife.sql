CREATE TABLE "orglife_plans" (
	"org_id" text NOT NULL,
	"year" integer NOT NULL,
	"org_type" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"theme_day_of_month" integer NOT NULL,
	"approval_case_id" text,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"policy_version" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	CONSTRAINT "orglife_plans_org_id_year_pk" PRIMARY KEY("org_id","year")
);
--> statement-breakpoint
CREATE TABLE "orglife_occurrences" (
	"org_id" text NOT NULL,
	"occurrence_id" text NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"seq" integer NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"planned_date" date NOT NULL,
	"notice_on" date NOT NULL,
	"remind_on" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"opened_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"record_id" text,
	CONSTRAINT "orglife_occurrences_org_id_occurrence_id_pk" PRIMARY KEY("org_id","occurrence_id")
);
--> statement-breakpoint
CREATE TABLE "orglife_records" (
	"record_id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"occurrence_id" text,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text,
	"topic" text NOT NULL,
	"presided_by" text,
	"minutes" text,
	"resolutions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"quorum" jsonb,
	"notice_on" date,
	"attachment_ids" text[] DEFAULT '{}' NOT NULL,
	"teacher_person_id" text,
	"teacher_is_secretary" integer DEFAULT 0 NOT NULL,
	"hours" double precision,
	"guests" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expected" integer DEFAULT 0 NOT NULL,
	"present" integer DEFAULT 0 NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orglife_attendance" (
	"record_id" text NOT NULL,
	"person_id" text NOT NULL,
	"org_id" text NOT NULL,
	"held_on" date NOT NULL,
	"membership_status" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	CONSTRAINT "orglife_attendance_record_id_person_id_pk" PRIMARY KEY("record_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "orglife_training_hours" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"org_id" text NOT NULL,
	"year" integer NOT NULL,
	"on" date NOT NULL,
	"hours" double precision NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "orglife_appraisals" (
	"org_id" text NOT NULL,
	"year" integer NOT NULL,
	"person_id" text NOT NULL,
	"grade" text NOT NULL,
	"votes" jsonb,
	"self_assessment" text,
	"decided_on" date NOT NULL,
	"decided_by" text NOT NULL,
	"follow_up" jsonb,
	CONSTRAINT "orglife_appraisals_org_id_year_person_id_pk" PRIMARY KEY("org_id","year","person_id")
);
--> statement-breakpoint
CREATE TABLE "orglife_lapse_watch" (
	"org_id" text NOT NULL,
	"person_id" text NOT NULL,
	"level" text NOT NULL,
	"consecutive_months" integer NOT NULL,
	"since_month" text,
	"reasons" text[] DEFAULT '{}' NOT NULL,
	"as_of" date NOT NULL,
	"case_id" text,
	CONSTRAINT "orglife_lapse_watch_org_id_person_id_pk" PRIMARY KEY("org_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "ical" text;
--> statement-breakpoint
CREATE INDEX "orglife_occurrences_year_idx" ON "orglife_occurrences" USING btree ("year","status");
--> statement-breakpoint
CREATE INDEX "orglife_records_org_idx" ON "orglife_records" USING btree ("org_id","held_on");
--> statement-breakpoint
CREATE INDEX "orglife_attendance_person_idx" ON "orglife_attendance" USING btree ("person_id","held_on");
--> statement-breakpoint
CREATE INDEX "orglife_attendance_org_idx" ON "orglife_attendance" USING btree ("org_id","held_on");
--> statement-breakpoint
CREATE UNIQUE INDEX "orglife_training_source_idx" ON "orglife_training_hours" USING btree ("source","source_id","person_id");
--> statement-breakpoint
CREATE INDEX "orglife_training_person_idx" ON "orglife_training_hours" USING btree ("person_id","year");
