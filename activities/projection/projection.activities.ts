import type { OutboxDeps } from '../notify/outbox';
import { deliverPendingEmails } from '../notify/outbox';
import type { RecordAuditInput } from '../audit/audit.activities';
import type { CloseTaskInput, OpenTaskInput, UpsertCaseSummaryInput } from '../inbox/inbox.activities';

/** Everything one step of a case changes in the read models, applied by one activity (one round trip). */
export interface ProjectionBatch {
  closeTasks: CloseTaskInput[];
  openTasks: OpenTaskInput[];
  audit: RecordAuditInput[];
  summary: UpsertCaseSummaryInput | null;
}

interface ProjectionParts {
  outbox: OutboxDeps;
  leaseMs?: number;
  closeTask(i: CloseTaskInput): Promise<void>;
  projectOpenTask(i: OpenTaskInput): Promise<string[]>;
  recordAudit(i: RecordAuditInput): Promise<void>;
  upsertCaseSummary(i: UpsertCaseSummaryInput): Promise<void>;
}

export function createProjectionActivities(parts: ProjectionParts) {
  return {
    /**
     * Applies a step's projections in order (closed tasks, new tasks with their outbox rows, audit entries, case
     * summary). Every part is idempotent, so a retry after a crash re-applies the batch without doubling anything.
     * Returns the email outbox keys; the workflow delivers them with `deliverEmails` off the decision's critical path.
     */
    async applyProjections(batch: ProjectionBatch): Promise<{ emailKeys: string[] }> {
      for (const close of batch.closeTasks) await parts.closeTask(close);
      const emailKeys: string[] = [];
      for (const open of batch.openTasks) emailKeys.push(...(await parts.projectOpenTask(open)));
      for (const entry of batch.audit) await parts.recordAudit(entry);
      if (batch.summary) await parts.upsertCaseSummary(batch.summary);
      return { emailKeys: emailKeys.filter((k) => k.endsWith(':email')) };
    },

    /** Sends the email rows not yet sent among `keys` (the outbox makes a retry send only what did not go out). */
    async deliverEmails(i: { keys: string[] }): Promise<void> {
      await deliverPendingEmails(parts.outbox, i.keys, parts.leaseMs ? { leaseMs: parts.leaseMs } : {});
    },
  };
}
