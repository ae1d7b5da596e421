import { and, arrayContains, arrayOverlaps, desc, eq, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { CaseStatus, Procedure, RoleGrant } from '../../contracts';
import type { Database, Db } from '../database';
import { caseSummaries, tasks, type CaseSummaryRow } from '../schema';
import { tasksAtRoleBodies, tasksVisibleTo } from './inbox.repository';
import { cursorTs, cursorValues, encodeCursor, pageSize } from './page-cursor';
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
  /** compliance flags the workflow raised (e.g. talkOverdue), projected from `state.data.flags` */
  flags: string[];
  /** the person a per-person case is about (member development), from `state.data.personId` */
  personId: string | null;
  updatedAt: string;
}

export type CaseSummaryInput = Omit<CaseSummary, 'updatedAt' | 'flags' | 'personId'> & {
  updatedAt?: string;
  flags?: string[];
  personId?: string | null;
};

export interface CaseListFilters {
  procedure?: Procedure;
  /** cases whose org is this org or lies below it */
  orgSubtreeId?: string;
  status?: CaseStatus;
  stage?: string;
  /** active cases whose due date has passed */
  overdue?: boolean;
  /** cases carrying this compliance flag */
  flag?: string;
  /** cases about this person */
  personId?: string;
  now?: string;
  limit?: number;
  offset?: number;
  /** the `nextCursor` of the previous page (keyset; takes the place of `offset`) */
  cursor?: string;
}

/** The case list counts matching cases up to this many (bounded work per request); beyond, `totalCapped` is true. */
export const CASE_COUNT_CAP = 10_000;

/** One page of the case list: newest submission first; `nextCursor` is null on the last page. */
export interface CaseListPage {
  items: CaseSummary[];
  /** the number of matching cases, counted up to CASE_COUNT_CAP (then CASE_COUNT_CAP + 1 and `totalCapped`) */
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
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

/** Who reads a case list: the cases they may see are computed in SQL from their roles of today. */
export interface CaseListViewer {
  userId: string;
  roles: RoleGrant[];
  /** roots of the subtrees the viewer administers */
  adminRoots: string[];
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

  async list(filters: CaseListFilters & { visible?: SQL; submittedBy?: string } = {}): Promise<CaseListPage> {
    const where = and(
      filters.visible,
      filters.submittedBy ? eq(caseSummaries.submittedBy, filters.submittedBy) : undefined,
      filters.procedure ? eq(caseSummaries.procedure, filters.procedure) : undefined,
      filters.orgSubtreeId ? arrayContains(caseSummaries.orgPath, [filters.orgSubtreeId]) : undefined,
      filters.status ? eq(caseSummaries.status, filters.status) : undefined,
      filters.stage ? eq(caseSummaries.stage, filters.stage) : undefined,
      filters.overdue
        ? and(eq(caseSummaries.status, 'active'), lt(caseSummaries.dueAt, filters.now ?? nowIso()))
        : undefined,
      filters.flag ? arrayContains(caseSummaries.flags, [filters.flag]) : undefined,
      filters.personId ? eq(caseSummaries.personId, filters.personId) : undefined,
    );
    const limit = pageSize(filters.limit, 50);
    const offset = filters.cursor ? 0 : Math.max(filters.offset ?? 0, 0);
    const after = filters.cursor ? cursorValues('cases', filters.cursor) : undefined;
    const rows = await this.db
      .select({ row: caseSummaries, cSubmitted: cursorTs(caseSummaries.submittedAt) })
      .from(caseSummaries)
      .where(
        and(
          where,
          after
            ? sql`(${caseSummaries.submittedAt}, ${caseSummaries.caseId}) < (${after[0]}::timestamptz, ${after[1]})`
            : undefined,
        ),
      )
      .orderBy(desc(caseSummaries.submittedAt), desc(caseSummaries.caseId))
      .limit(limit + 1)
      .offset(offset);
    // counted over at most CASE_COUNT_CAP + 1 rows: a list of 100,000 cases costs a bounded count, not a full scan
    const counted = this.db
      .select({ one: sql`1` })
      .from(caseSummaries)
      .where(where)
      .limit(CASE_COUNT_CAP + 1)
      .as('counted');
    const [count] = await this.db.select({ n: sql<number>`count(*)::int` }).from(counted);
    const total = Number(count?.n ?? 0);
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const last = shown[shown.length - 1];
    return {
      items: shown.map((r) => toSummary(r.row)),
      total,
      totalCapped: total > CASE_COUNT_CAP,
      nextCursor: more && last ? encodeCursor('cases', [last.cSubmitted, last.row.caseId]) : null,
    };
  }

  /**
   * The case list of one viewer: cases inside the subtrees they administer, cases they submitted, and cases with a
   * task they may act on with today's roles (a subquery, not a list of case ids: bounded whatever their history).
   * `mine` keeps the cases they submitted only (我发起的).
   */
  async listVisible(viewer: CaseListViewer, filters: CaseListFilters & { mine?: boolean }): Promise<CaseListPage> {
    // The SQL form of mayViewCase (apps/api/src/auth/actor-access.ts), kept in agreement with it by
    // test/unit/db/case-visibility-agreement.spec.ts. Rights follow the present (issue 8 §4): an open task wherever the
    // case is now; a decided one only at a body where the viewer holds the acting role today and only at the
    // organization the case is at now (a transfer takes it from the old branch); the organization's own committee; the
    // submitter while holding a role on its path. Uncorrelated (issue 12): the task sets are computed once per query
    // and probed as hashed subplans, never a subquery per case row (a GIN probe per row: 0.5-1.5 s at 100,000 cases).
    const withOpenTask = this.db
      .select({ caseId: tasks.caseId })
      .from(tasks)
      .where(tasksVisibleTo(viewer.userId, viewer.roles, 'open'));
    const decidedHere = tasksAtRoleBodies(viewer.roles);
    const withTaskHere = decidedHere
      ? this.db.select({ caseId: tasks.caseId, orgId: tasks.orgId }).from(tasks).where(decidedHere)
      : undefined;
    const roleNodes = [...new Set([...viewer.roles.map((g) => g.at), ...viewer.adminRoots])];
    const committeeOf = viewer.roles.filter((g) => g.role === 'submitter' || g.role === 'approver').map((g) => g.at);
    const visible = or(
      viewer.adminRoots.length ? arrayOverlaps(caseSummaries.orgPath, viewer.adminRoots) : undefined,
      roleNodes.length
        ? and(eq(caseSummaries.submittedBy, viewer.userId), arrayOverlaps(caseSummaries.orgPath, roleNodes))
        : undefined,
      committeeOf.length ? inArray(caseSummaries.orgId, committeeOf) : undefined,
      inArray(caseSummaries.caseId, withOpenTask),
      withTaskHere ? sql`(${caseSummaries.caseId}, ${caseSummaries.orgId}) in (${withTaskHere})` : undefined,
    );
    return this.list({ ...filters, visible, submittedBy: filters.mine ? viewer.userId : undefined });
  }

  /**
   * The person's active cases of a procedure at any organization (member development: one running case per person,
   * RULES §E), optionally leaving out one case id. Reads the projection, so a case started a moment ago may be missing.
   */
  async activeForPerson(personId: string, procedure: Procedure, exceptCaseId?: string): Promise<CaseSummary[]> {
    const rows = await this.db
      .select()
      .from(caseSummaries)
      .where(
        and(
          eq(caseSummaries.personId, personId),
          eq(caseSummaries.procedure, procedure),
          eq(caseSummaries.status, 'active'),
          exceptCaseId ? ne(caseSummaries.caseId, exceptCaseId) : undefined,
        ),
      )
      .orderBy(desc(caseSummaries.submittedAt));
    return rows.map(toSummary);
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
