-- Audit hash chain (issue 8 §7). Rows written before this migration are chained, per case in id order, by
-- AuditRepository.chainUnchained(), which migrate() runs right after the migrator (libs/db/database.ts).
CREATE TABLE "audit_chain_heads" (
	"case_id" text PRIMARY KEY NOT NULL,
	"seq" integer NOT NULL,
	"hash" text
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "seq" integer;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_case_seq_idx" ON "audit_events" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_unchained_idx" ON "audit_events" USING btree ("case_id") WHERE "audit_events"."hash" is null;