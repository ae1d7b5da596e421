-- 民主评议党员, the yearly cycle (issue 11, RULES §F): a member's self-assessment and mutual appraisal are recorded
-- before the committee grades (the row exists before its grade), a 不合格 follow-up closes when the improvement is
-- recorded, and the results of a year are filed with the upper organization once every member is graded.
ALTER TABLE "orglife_appraisals" ALTER COLUMN "grade" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orglife_appraisals" ALTER COLUMN "decided_on" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orglife_appraisals" ALTER COLUMN "decided_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orglife_appraisals" ADD COLUMN "present" integer;--> statement-breakpoint
ALTER TABLE "orglife_appraisals" ADD COLUMN "assessed_on" date;--> statement-breakpoint
ALTER TABLE "orglife_appraisals" ADD COLUMN "assessed_by" text;--> statement-breakpoint
ALTER TABLE "orglife_appraisals" ADD COLUMN "improved_on" date;--> statement-breakpoint
ALTER TABLE "orglife_appraisals" ADD COLUMN "improvement_note" text;--> statement-breakpoint
ALTER TABLE "orglife_appraisals" ADD COLUMN "improvement_recorded_by" text;--> statement-breakpoint
CREATE INDEX "orglife_appraisals_follow_up_idx" ON "orglife_appraisals" USING btree ("org_id") WHERE "orglife_appraisals"."grade" = 'unqualified' AND "orglife_appraisals"."improved_on" IS NULL;--> statement-breakpoint
CREATE TABLE "orglife_appraisal_filings" (
	"org_id" text NOT NULL,
	"year" integer NOT NULL,
	"upper_org_id" text,
	"filed_on" date NOT NULL,
	"filed_by" text NOT NULL,
	"members" integer NOT NULL,
	"grade_counts" jsonb NOT NULL,
	"note" text,
	CONSTRAINT "orglife_appraisal_filings_org_id_year_pk" PRIMARY KEY("org_id","year")
);
--> statement-breakpoint
CREATE INDEX "orglife_appraisal_filings_upper_idx" ON "orglife_appraisal_filings" USING btree ("upper_org_id","year");
