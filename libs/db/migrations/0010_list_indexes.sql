-- Indexes for the paginated lists (issue 8 §6, issue 12): keyset order of the case list, 我发起的, administrators'
-- subtrees, the tasks named on a user (GIN on the array), 已办, and the notification keyset (created_at, id).
CREATE INDEX IF NOT EXISTS "tasks_assignees_idx" ON "tasks" USING gin ("assignee_user_ids");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tasks_decided_by_idx" ON "tasks" USING btree ("decided_by","status");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "case_summaries_submitted_idx" ON "case_summaries" USING btree ("submitted_at","case_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "case_summaries_submitter_idx" ON "case_summaries" USING btree ("submitted_by","submitted_at","case_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "case_summaries_org_path_idx" ON "case_summaries" USING gin ("org_path");--> statement-breakpoint
DROP INDEX IF EXISTS "notifications_user_idx";--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at","id");
