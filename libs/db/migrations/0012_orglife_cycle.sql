-- Organizational life, the yearly cycle (issue 11, RULES §F). Meeting records keep their attachments (sign-in sheet,
-- photos, minutes) in the one attachments table: a file belongs to a case or to a meeting record, never both.
ALTER TABLE "attachments" ALTER COLUMN "case_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "orglife_record_id" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_one_owner" CHECK (("case_id" IS NULL) <> ("orglife_record_id" IS NULL));--> statement-breakpoint
CREATE INDEX "attachments_orglife_record_idx" ON "attachments" USING btree ("orglife_record_id","uploaded_at");--> statement-breakpoint
ALTER TABLE "orglife_records" DROP COLUMN "attachment_ids";
--> statement-breakpoint
-- The registry fact "dues unpaid since <month>" that the lapse watch reads (RULES §F, 党章 Art. 9).
CREATE TABLE "dues_arrears" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"since_month" text NOT NULL,
	"note" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_on" date,
	"settled_by" text
);
--> statement-breakpoint
ALTER TABLE "dues_arrears" ADD CONSTRAINT "dues_arrears_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dues_arrears_open_idx" ON "dues_arrears" USING btree ("person_id") WHERE "dues_arrears"."settled_on" IS NULL;--> statement-breakpoint
CREATE INDEX "dues_arrears_person_idx" ON "dues_arrears" USING btree ("person_id","recorded_at");--> statement-breakpoint
ALTER TABLE "orglife_lapse_watch" ADD COLUMN "dues_unpaid_months" integer DEFAULT 0 NOT NULL;
