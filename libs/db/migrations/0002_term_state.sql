ALTER TABLE "organizations" ADD COLUMN "term_no" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "election_due" date;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "term_state" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "election_case_id" text;--> statement-breakpoint
CREATE INDEX "organizations_term_state_idx" ON "organizations" USING btree ("term_state");