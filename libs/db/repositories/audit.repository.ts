import { and, asc, eq, ne } from 'drizzle-orm';
import type { Procedure, TimelineEntry } from '../../contracts';
import type { Database, Db } from '../database';
import { auditEvents, caseSummaries } from '../schema';
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

  /**
   * Introducers named at step 9 (RULES §E) of member-development cases that are still open, other than `exceptCaseId`,
   * among `personIds`: the registry side of the "one candidate at a time" practice.
   */
  async openIntroducerEngagements(
    personIds: readonly string[],
    exceptCaseId: string,
  ): Promise<{ personId: string; caseId: string }[]> {
    const rows = await this.db
      .select({ caseId: auditEvents.caseId, detail: auditEvents.detail })
      .from(auditEvents)
      .innerJoin(caseSummaries, eq(caseSummaries.caseId, auditEvents.caseId))
      .where(
        and(
          eq(auditEvents.procedure, 'admission'),
          eq(auditEvents.step, 'E9'),
          eq(auditEvents.event, 'task.decided'),
          eq(caseSummaries.status, 'active'),
          ne(auditEvents.caseId, exceptCaseId),
        ),
      );
    const wanted = new Set(personIds);
    const out: { personId: string; caseId: string }[] = [];
    for (const row of rows) {
      const payload = row.detail?.payload as { introducers?: { personId?: unknown }[] } | undefined;
      for (const entry of Array.isArray(payload?.introducers) ? payload.introducers : []) {
        if (typeof entry?.personId === 'string' && wanted.has(entry.personId)) {
          out.push({ personId: entry.personId, caseId: row.caseId });
        }
      }
    }
    return out;
  }
}
