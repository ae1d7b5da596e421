import { asc, eq } from 'drizzle-orm';
import type { Procedure, TimelineEntry } from '../../contracts';
import type { Database, Db } from '../database';
import { auditEvents } from '../schema';
import { iso } from './time.util';

export interface AuditEntryInput {
  /** stable per logical event (e.g. `${caseId}:${taskId}:decided`) so activity retries append once */
  dedupeKey: string;
  caseId: string;
  procedure: Procedure;
  orgId: string;
  step: string;
  event: string;
  actorId?: string | null;
  outcome?: string | null;
  comment?: string | null;
  detail?: Record<string, unknown> | null;
  at: string;
}

export type AuditEntry = TimelineEntry & {
  id: number;
  dedupeKey: string;
  caseId: string;
  procedure: Procedure;
  orgId: string;
};

/** Append-only audit trail (纪实). Rows are never updated or deleted. */
export class AuditRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  /** Returns true when the entry was new, false when the dedupe key was already recorded. */
  async append(entry: AuditEntryInput): Promise<boolean> {
    const rows = await this.db
      .insert(auditEvents)
      .values({
        ...entry,
        actorId: entry.actorId ?? null,
        outcome: entry.outcome ?? null,
        comment: entry.comment ?? null,
        detail: entry.detail ?? null,
      })
      .onConflictDoNothing({ target: auditEvents.dedupeKey })
      .returning({ id: auditEvents.id });
    return rows.length > 0;
  }

  async listForCase(caseId: string): Promise<AuditEntry[]> {
    const rows = await this.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.caseId, caseId))
      .orderBy(asc(auditEvents.at), asc(auditEvents.id));
    return rows.map((r) => ({
      id: Number(r.id),
      dedupeKey: r.dedupeKey,
      caseId: r.caseId,
      procedure: r.procedure,
      orgId: r.orgId,
      at: iso(r.at),
      step: r.step,
      event: r.event,
      actorId: r.actorId,
      outcome: r.outcome,
      comment: r.comment,
      detail: r.detail,
    }));
  }
}
