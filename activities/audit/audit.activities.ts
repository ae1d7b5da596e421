import type { Procedure } from '../../libs/contracts';
import { AuditRepository } from '../../libs/db';
import type { Database } from '../../libs/db';

export interface RecordAuditInput {
  dedupeKey: string;
  caseId: string;
  procedure: string;
  orgId: string;
  step: string;
  event: string;
  actorId: string | null;
  outcome: string | null;
  comment: string | null;
  detail: Record<string, unknown> | null;
  at: string;
}

export function createAuditActivities(database: Database) {
  const audit = new AuditRepository(database);
  return {
    /** Append-only trail (纪实); the workflow-chosen dedupe key makes a retried append a no-op. */
    async recordAudit(i: RecordAuditInput): Promise<void> {
      await audit.append({ ...i, procedure: i.procedure as Procedure });
    },
  };
}
