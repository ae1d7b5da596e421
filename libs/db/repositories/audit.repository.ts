import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Procedure, TimelineEntry } from '../../contracts';
import type { Database, Db } from '../database';
import { auditChainHeads, auditEvents, caseSummaries, type AuditEventRow } from '../schema';
import { auditRowHash, verifyAuditChain, type AuditChainReport, type AuditChainRow } from './audit-chain';
import { iso } from './time.util';

/** What `verifyAll` found over many cases: every case checked, and the first broken link of each broken one. */
export interface AuditVerifySummary {
  casesChecked: number;
  rowsChecked: number;
  broken: AuditChainReport[];
}

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

  /**
   * Appends a link to the case's hash chain. Returns true when the entry was new, false when the dedupe key was
   * already recorded. Concurrency-safe: appends to one case serialize on its row in `audit_chain_heads` (SELECT … FOR
   * UPDATE), so two activities of a case writing at once never fork its chain.
   */
  async append(entry: AuditEntryInput): Promise<boolean> {
    const known = await this.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(eq(auditEvents.dedupeKey, entry.dedupeKey))
      .limit(1);
    if (known.length > 0) return false;
    const row = {
      dedupeKey: entry.dedupeKey,
      caseId: entry.caseId,
      procedure: entry.procedure,
      orgId: entry.orgId,
      step: entry.step,
      event: entry.event,
      actorId: entry.actorId ?? null,
      outcome: entry.outcome ?? null,
      comment: entry.comment ?? null,
      detail: entry.detail ?? null,
      // the stored instant is the hashed one: milliseconds, as every reader renders it
      at: new Date(entry.at).toISOString(),
    };
    return this.db.transaction(async (tx) => {
      const head = await lockHead(tx, entry.caseId);
      // a concurrent append of the same key may have committed while this one waited for the lock
      const again = await tx
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(eq(auditEvents.dedupeKey, entry.dedupeKey))
        .limit(1);
      if (again.length > 0) return false;
      const tip = await chainPending(tx, entry.caseId, head);
      const seq = tip.seq + 1;
      const hash = auditRowHash({ ...row, seq, prevHash: tip.hash });
      const inserted = await tx
        .insert(auditEvents)
        .values({ ...row, seq, prevHash: tip.hash, hash })
        .onConflictDoNothing({ target: auditEvents.dedupeKey })
        .returning({ id: auditEvents.id });
      if (inserted.length === 0) return false;
      await tx.update(auditChainHeads).set({ seq, hash }).where(eq(auditChainHeads.caseId, entry.caseId));
      return true;
    });
  }

  /**
   * Chains rows written without a link (before migration 0008, or by an older worker during a rolling update), per case
   * in id order after the case's existing chain. Idempotent; `migrate()` runs it. Returns the number of rows chained.
   */
  async chainUnchained(): Promise<number> {
    let chained = 0;
    for (;;) {
      const cases = await this.db
        .selectDistinct({ caseId: auditEvents.caseId })
        .from(auditEvents)
        .where(isNull(auditEvents.hash))
        .limit(200);
      if (cases.length === 0) return chained;
      for (const { caseId } of cases) {
        chained += await this.db.transaction(async (tx) => {
          const head = await lockHead(tx, caseId);
          const tip = await chainPending(tx, caseId, head);
          return tip.seq - head.seq;
        });
      }
    }
  }

  /** Checks one case's chain: every row against its hash and the row before it, and the head against the last row. */
  async verifyCase(caseId: string): Promise<AuditChainReport> {
    const rows = await this.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.caseId, caseId))
      .orderBy(sql`${auditEvents.seq} asc nulls last`, asc(auditEvents.id));
    const [head] = await this.db.select().from(auditChainHeads).where(eq(auditChainHeads.caseId, caseId));
    return verifyAuditChain(caseId, rows.map(chainRow), head ?? null);
  }

  /**
   * Checks every case (or those `include` accepts), in case id order, a page of case ids at a time; a case is known by
   * its audit rows or by its chain head (a case whose rows were all deleted still has a head).
   */
  async verifyAll(include?: (caseIds: string[]) => Promise<Set<string>>): Promise<AuditVerifySummary> {
    const summary: AuditVerifySummary = { casesChecked: 0, rowsChecked: 0, broken: [] };
    let after = '';
    for (;;) {
      const result = await this.db.execute(
        sql`select case_id from (
              select case_id from ${auditChainHeads} where case_id > ${after}
              union select case_id from ${auditEvents} where case_id > ${after}
            ) ids order by case_id limit 500`,
      );
      // both drivers (node-postgres, PGlite) answer with `rows`
      const page = (result as unknown as { rows: { case_id: string }[] }).rows;
      if (page.length === 0) return summary;
      const ids = page.map((r) => r.case_id);
      after = ids[ids.length - 1];
      const wanted = include ? await include(ids) : null;
      for (const caseId of ids) {
        if (wanted && !wanted.has(caseId)) continue;
        const report = await this.verifyCase(caseId);
        summary.casesChecked += 1;
        summary.rowsChecked += report.rows;
        if (!report.ok) summary.broken.push(report);
      }
    }
  }

  /** Decisions that returned `step` of the case for revision (issue 8 §2: the cap on return loops). */
  async countStepReturns(caseId: string, step: string): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.caseId, caseId),
          eq(auditEvents.step, step),
          eq(auditEvents.event, 'task.decided'),
          eq(auditEvents.outcome, 'return'),
        ),
      );
    return Number(row?.n ?? 0);
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

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Creates the case's head on its first append and locks it for the rest of the transaction. */
async function lockHead(tx: Tx, caseId: string): Promise<{ seq: number; hash: string | null }> {
  await tx.insert(auditChainHeads).values({ caseId, seq: 0, hash: null }).onConflictDoNothing();
  const [head] = await tx
    .select({ seq: auditChainHeads.seq, hash: auditChainHeads.hash })
    .from(auditChainHeads)
    .where(eq(auditChainHeads.caseId, caseId))
    .for('update');
  return head;
}

/** Links the case's unchained rows (id order) after `head`, under its lock; returns the new tip. */
async function chainPending(
  tx: Tx,
  caseId: string,
  head: { seq: number; hash: string | null },
): Promise<{ seq: number; hash: string | null }> {
  let tip = head;
  for (;;) {
    const pending = await tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, caseId), isNull(auditEvents.hash)))
      .orderBy(asc(auditEvents.id))
      .limit(500);
    if (pending.length === 0) break;
    for (const row of pending) {
      const seq = tip.seq + 1;
      const hash = auditRowHash({ ...chainRow(row), seq, prevHash: tip.hash });
      await tx.update(auditEvents).set({ seq, prevHash: tip.hash, hash }).where(eq(auditEvents.id, row.id));
      tip = { seq, hash };
    }
  }
  if (tip !== head) {
    await tx.update(auditChainHeads).set(tip).where(eq(auditChainHeads.caseId, caseId));
  }
  return tip;
}

function chainRow(r: AuditEventRow): AuditChainRow {
  return {
    id: Number(r.id),
    caseId: r.caseId,
    seq: r.seq ?? 0,
    storedSeq: r.seq,
    dedupeKey: r.dedupeKey,
    procedure: r.procedure,
    orgId: r.orgId,
    step: r.step,
    event: r.event,
    actorId: r.actorId,
    outcome: r.outcome,
    comment: r.comment,
    detail: r.detail,
    at: iso(r.at),
    prevHash: r.prevHash,
    hash: r.hash,
  };
}
