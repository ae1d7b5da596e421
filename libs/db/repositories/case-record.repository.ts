import { eq, like, or } from 'drizzle-orm';
import { caseRuns, type CaseState, type CaseStatus, type Task } from '../../contracts';
import type { Database, Db } from '../database';
import { caseRecords, caseSummaries } from '../schema';
import { AuditRepository } from './audit.repository';
import { InboxRepository } from './inbox.repository';
import { iso } from './time.util';

/** What one flush of a case changes in its record (see `caseRecords`). */
export interface CaseRecordPatch {
  caseId: string;
  workflowId: string;
  firstRunId: string;
  policyVersion: string;
  closeReason: string | null;
  /** the kernel's flush counter: later flushes carry higher numbers */
  seq: number;
  /** workflow time of the flush */
  at: string;
  /** top-level keys of `state.data` whose value changed since the previous flush */
  data: Record<string, unknown>;
  /** top-level keys of `state.data` that no longer exist */
  removed: string[];
}

/** Where a case's workflow runs: a case id names one run of a business key (DESIGN "Workflow IDs"). */
export interface CaseRunRef {
  caseId: string;
  workflowId: string;
  firstRunId: string;
  status: CaseStatus;
}

/** A case as its record holds it, and the workflow time of the newest flush it reflects. */
export interface CaseRecord {
  state: CaseState;
  asOf: string;
}

/**
 * The record of every case in SQL, written by the projection activity at each wait point and composed on read from
 * the summary row, this table, the audit trail (the timeline) and the inbox rows (open tasks).
 */
export class CaseRecordRepository {
  private readonly db: Db;
  private readonly audit: AuditRepository;
  private readonly inbox: InboxRepository;

  constructor(database: Database) {
    this.db = database.db;
    this.audit = new AuditRepository(database);
    this.inbox = new InboxRepository(database);
  }

  /**
   * Applies a flush's changes: per top-level data key only when the patch is newer than what wrote that key, so flushes
   * applied out of order (concurrent activities, a late retry) converge on the newest value of each key.
   */
  async apply(patch: CaseRecordPatch): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(caseRecords).where(eq(caseRecords.caseId, patch.caseId)).for('update');
      const data: Record<string, unknown> = { ...(row?.data ?? {}) };
      const dataSeq: Record<string, number> = { ...(row?.dataSeq ?? {}) };
      const newer = (key: string) => (dataSeq[key] ?? 0) < patch.seq;
      for (const [key, value] of Object.entries(patch.data)) {
        if (!newer(key)) continue;
        data[key] = value;
        dataSeq[key] = patch.seq;
      }
      for (const key of patch.removed) {
        if (!newer(key)) continue;
        delete data[key];
        dataSeq[key] = patch.seq;
      }
      const latest = !row || row.seq < patch.seq;
      const values = {
        caseId: patch.caseId,
        workflowId: patch.workflowId,
        firstRunId: patch.firstRunId,
        policyVersion: patch.policyVersion,
        closeReason: latest ? patch.closeReason : (row?.closeReason ?? null),
        data,
        dataSeq,
        seq: latest ? patch.seq : row!.seq,
        asOf: latest ? patch.at : iso(row!.asOf),
      };
      if (row) await tx.update(caseRecords).set(values).where(eq(caseRecords.caseId, patch.caseId));
      else await tx.insert(caseRecords).values(values);
    });
  }

  /** The workflow run a case id names and the case's status, if the case has been recorded. */
  async runOf(caseId: string): Promise<CaseRunRef | null> {
    const [row] = await this.db
      .select({
        caseId: caseRecords.caseId,
        workflowId: caseRecords.workflowId,
        firstRunId: caseRecords.firstRunId,
        status: caseSummaries.status,
      })
      .from(caseRecords)
      .innerJoin(caseSummaries, eq(caseSummaries.caseId, caseRecords.caseId))
      .where(eq(caseRecords.caseId, caseId));
    return row ?? null;
  }

  /**
   * The case id for a new run of a business key: one past the highest run any summary row names (rows of runs from
   * before case records existed count too, so a new run never reuses their task ids or audit keys).
   */
  async nextCaseId(workflowId: string): Promise<string> {
    const rows = await this.db
      .select({ caseId: caseSummaries.caseId })
      .from(caseSummaries)
      .where(or(eq(caseSummaries.caseId, workflowId), like(caseSummaries.caseId, `${escapeLike(workflowId)}~%`)));
    const last = Math.max(0, ...rows.map((r) => caseRuns.run(r.caseId)));
    return caseRuns.caseId(workflowId, last + 1);
  }

  /** The case as recorded, or null when it never reached its first flush (or predates records). */
  async get(caseId: string): Promise<CaseRecord | null> {
    const [row] = await this.db
      .select({ summary: caseSummaries, record: caseRecords })
      .from(caseRecords)
      .innerJoin(caseSummaries, eq(caseSummaries.caseId, caseRecords.caseId))
      .where(eq(caseRecords.caseId, caseId));
    if (!row) return null;
    const { summary, record } = row;
    const [timeline, caseTasks] = await Promise.all([this.audit.listForCase(caseId), this.inbox.listForCase(caseId)]);
    const pendingTasks: Task[] = caseTasks
      .filter((t) => t.status === 'open')
      .map(({ orgPath: _orgPath, caseTitle: _caseTitle, ...task }) => task);
    return {
      asOf: iso(record.asOf),
      state: {
        caseId,
        procedure: summary.procedure,
        orgId: summary.orgId,
        orgPath: summary.orgPath,
        title: summary.title,
        submittedBy: summary.submittedBy,
        submittedAt: iso(summary.submittedAt),
        status: summary.status,
        stage: summary.stage,
        policyVersion: record.policyVersion,
        pendingTasks,
        timeline: timeline.map(({ at, step, event, actorId, outcome, comment, detail }) => ({
          at,
          step,
          event,
          actorId,
          outcome,
          comment,
          detail,
        })),
        closedAt: iso(summary.closedAt),
        closeReason: record.closeReason,
        data: record.data,
      },
    };
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
