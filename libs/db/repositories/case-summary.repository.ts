import { and, arrayContains, desc, eq, lt, sql } from 'drizzle-orm';
import type { CaseStatus, Procedure } from '../../contracts';
import type { Database, Db } from '../database';
import { caseSummaries, type CaseSummaryRow } from '../schema';
import { iso, nowIso } from './time.util';

export interface CaseSummary {
  caseId: string;
  procedure: Procedure;
  orgId: string;
  /** the org and its ancestors, root last */
  orgPath: string[];
  title: string;
  status: CaseStatus;
  stage: string;
  submittedBy: string;
  submittedAt: string;
  pendingBodyIds: string[];
  dueAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

export type CaseSummaryInput = Omit<CaseSummary, 'updatedAt'> & { updatedAt?: string };

export interface CaseListFilters {
  procedure?: Procedure;
  /** cases whose org is this org or lies below it */
  orgSubtreeId?: string;
  status?: CaseStatus;
  stage?: string;
  /** active cases whose due date has passed */
  overdue?: boolean;
  now?: string;
  limit?: number;
  offset?: number;
}

function toSummary(r: CaseSummaryRow): CaseSummary {
  return {
    ...r,
    submittedAt: iso(r.submittedAt),
    dueAt: iso(r.dueAt),
    closedAt: iso(r.closedAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** Administrators' case list: one row per case, projected from workflow state by activities. */
export class CaseSummaryRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  async upsert(summary: CaseSummaryInput): Promise<void> {
    const values = { ...summary, updatedAt: summary.updatedAt ?? nowIso() };
    const { caseId: _caseId, ...set } = values;
    await this.db.insert(caseSummaries).values(values).onConflictDoUpdate({ target: caseSummaries.caseId, set });
  }

  async get(caseId: string): Promise<CaseSummary | null> {
    const [row] = await this.db.select().from(caseSummaries).where(eq(caseSummaries.caseId, caseId));
    return row ? toSummary(row) : null;
  }

  async list(filters: CaseListFilters = {}): Promise<{ items: CaseSummary[]; total: number }> {
    const where = and(
      filters.procedure ? eq(caseSummaries.procedure, filters.procedure) : undefined,
      filters.orgSubtreeId ? arrayContains(caseSummaries.orgPath, [filters.orgSubtreeId]) : undefined,
      filters.status ? eq(caseSummaries.status, filters.status) : undefined,
      filters.stage ? eq(caseSummaries.stage, filters.stage) : undefined,
      filters.overdue
        ? and(eq(caseSummaries.status, 'active'), lt(caseSummaries.dueAt, filters.now ?? nowIso()))
        : undefined,
    );
    const limit = Math.min(Math.max(filters.limit ?? 50, 1), 500);
    const offset = Math.max(filters.offset ?? 0, 0);
    const rows = await this.db
      .select()
      .from(caseSummaries)
      .where(where)
      .orderBy(desc(caseSummaries.submittedAt), desc(caseSummaries.caseId))
      .limit(limit)
      .offset(offset);
    const [count] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(caseSummaries)
      .where(where);
    return { items: rows.map(toSummary), total: Number(count?.n ?? 0) };
  }

  /** Case counts per status, optionally limited to an org subtree. Every status is present (0 when none). */
  async countByStatus(orgSubtreeId?: string): Promise<Record<CaseStatus, number>> {
    const rows = await this.db
      .select({ status: caseSummaries.status, n: sql<number>`count(*)::int` })
      .from(caseSummaries)
      .where(orgSubtreeId ? arrayContains(caseSummaries.orgPath, [orgSubtreeId]) : undefined)
      .groupBy(caseSummaries.status);
    const counts: Record<CaseStatus, number> = { active: 0, completed: 0, rejected: 0, withdrawn: 0, cancelled: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }
}
