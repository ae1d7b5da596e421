-- Organizational life, the yearly cycle (issue 11, RULES §F). Meeting records keep their attachments (sign-in sheet,
-- photos, minutes) in the one attachments table: a file belongs to a case or to a meeting record, never both.
ALTER TABLE "attachments" ALTER COLUMN "case_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "orglife_record_id" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_one_owner" CHECK (("case_id" IS NULL) <> ("orglife_record_id" IS NULL));--> statement-breakpoint
CREATE INDEX "attachments_orglife_record_idx" ON "attachments" USING btree ("orglife_record_id","uploaded_at");--> statement-breakpoint
ALTER TABLE "orglife_records" DROP COLUMN "attachment_ids";
