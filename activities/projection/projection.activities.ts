import type { CaseRecordPatch } from '../../libs/db';
import type { OutboxDeps } from '../notify/outbox';
import { deliverPendingEmails } from '../notify/outbox';
import type { RecordAuditInput } from '../audit/audit.activities';
import type { CloseTaskInput, OpenTaskInput, UpsertCaseSummaryInput } from '../inbox/inbox.activities';

/**
 * The case summary as the kernel sends it: `flags` and `personId` are the case's `state.data.flags` and
 * `state.data.personId` as they are (procedures without them send nothing); the activity normalises them.
 */
export type CaseSummaryProjection = Omit<UpsertCaseSummaryInput, 'flags' | 'personId'> & {
  flags?: unknown;
  personId?: unknown;
};

/** Everything one step of a case changes in the read models, applied by one activity (one round trip). */
export interface ProjectionBatch {
  closeTasks: CloseTaskInput[];
  openTasks: OpenTaskInput[];
  audit: RecordAuditInput[];
  summary: CaseSummaryProjection | null;
  /** changes of the case record (data, close reason) since the previous flush; absent in batches of older workers */
  record?: CaseRecordPatch | null;
}

/**
 * `state.data.flags` → `case_summaries.flags` (distinct non-empty strings, sorted; anything else → none) and
 * `state.data.personId` → `case_summaries.person_id`, so administrators filter cases by compliance flag and person.
 */
export function toSummaryRow(summary: CaseSummaryProjection): UpsertCaseSummaryInput {
  const { flags, personId, ...rest } = summary;
  const list = Array.isArray(flags) ? flags.filter((f): f is string => typeof f === 'string' && f.length > 0) : [];
  return {
    ...rest,
    flags: [...new Set(list)].sort(),
    personId: typeof personId === 'string' && personId.length > 0 ? personId : null,
  };
}

/** The writers of one batch, bound to one database transaction. */
export interface ProjectionWriters {
  closeTask(i: CloseTaskInput): Promise<void>;
  projectOpenTask(i: OpenTaskInput): Promise<string[]>;
  recordAudit(i: RecordAuditInput): Promise<void>;
  upsertCaseSummary(i: UpsertCaseSummaryInput): Promise<void>;
  applyCaseRecord(i: CaseRecordPatch): Promise<void>;
}

interface ProjectionParts {
  outbox: OutboxDeps;
  leaseMs?: number;
  /**
   * Runs `work` with writers bound to one transaction: a batch costs one commit (one fsync) instead of one per
   * statement, and a failure leaves none of it applied (issue 12: the writes were most of a decision's time).
   */
  inTransaction<T>(work: (writers: ProjectionWriters) => Promise<T>): Promise<T>;
}

export function createProjectionActivities(parts: ProjectionParts) {
  return {
    /**
     * Applies a step's projections in order (closed tasks, new tasks with their outbox rows, audit entries, case
     * summary, case record). Every part is idempotent, so a retry after a crash re-applies the batch without doubling anything.
     * Returns the email outbox keys; the workflow delivers them with `deliverEmails` off the decision's critical path.
     */
    async applyProjections(batch: ProjectionBatch): Promise<{ emailKeys: string[] }> {
      const emailKeys = await parts.inTransaction(async (w) => {
        for (const close of batch.closeTasks) await w.closeTask(close);
        const keys: string[] = [];
        for (const open of batch.openTasks) keys.push(...(await w.projectOpenTask(open)));
        for (const entry of batch.audit) await w.recordAudit(entry);
        if (batch.summary) await w.upsertCaseSummary(toSummaryRow(batch.summary));
        if (batch.record) await w.applyCaseRecord(batch.record);
        return keys;
      });
      return { emailKeys: emailKeys.filter((k) => k.endsWith(':email')) };
    },

    /** Sends the email rows not yet sent among `keys` (the outbox makes a retry send only what did not go out). */
    async deliverEmails(i: { keys: string[] }): Promise<void> {
      await deliverPendingEmails(parts.outbox, i.keys, parts.leaseMs ? { leaseMs: parts.leaseMs } : {});
    },
  };
}
