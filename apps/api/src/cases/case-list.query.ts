import { Inject, Injectable } from '@nestjs/common';
import { and, arrayContains, arrayOverlaps, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Actor, CaseStatus, Procedure } from '../../../../libs/contracts';
import { InboxRepository, caseSummaries, iso, type CaseSummary, type Database } from '../../../../libs/db';
import { DATABASE } from '../api-settings';
import { nodesWithRole } from '../auth/actor-access';

export interface CaseListQuery {
  procedure?: Procedure;
  orgId?: string;
  status?: CaseStatus;
  stage?: string;
  overdue?: boolean;
  /** cases carrying this compliance flag */
  flag?: string;
  /** cases about this person */
  personId?: string;
  /** only cases the actor submitted (我发起的) */
  mine?: boolean;
  limit: number;
  offset: number;
}

/**
 * The case list scoped to the actor: cases inside the subtrees they administer, cases they submitted and cases with
 * tasks they may act on. Reads the case_summaries projection (CaseSummaryRepository.list filters one subtree only).
 */
@Injectable()
export class CaseListService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly inbox: InboxRepository,
  ) {}

  async list(actor: Actor, query: CaseListQuery): Promise<{ items: CaseSummary[]; total: number }> {
    const adminRoots = nodesWithRole(actor, 'admin');
    const { items: tasks } = await this.inbox.listForUser(actor.userId, actor.roles, { status: 'all' });
    const taskCaseIds = [...new Set(tasks.map((t) => t.caseId))];
    const visible = or(
      adminRoots.length ? arrayOverlaps(caseSummaries.orgPath, adminRoots) : undefined,
      eq(caseSummaries.submittedBy, actor.userId),
      taskCaseIds.length ? inArray(caseSummaries.caseId, taskCaseIds) : undefined,
    );
    const where = and(
      visible,
      query.procedure ? eq(caseSummaries.procedure, query.procedure) : undefined,
      query.orgId ? arrayContains(caseSummaries.orgPath, [query.orgId]) : undefined,
      query.status ? eq(caseSummaries.status, query.status) : undefined,
      query.stage ? eq(caseSummaries.stage, query.stage) : undefined,
      query.overdue
        ? and(eq(caseSummaries.status, 'active'), lt(caseSummaries.dueAt, new Date().toISOString()))
        : undefined,
      query.flag ? arrayContains(caseSummaries.flags, [query.flag]) : undefined,
      query.personId ? eq(caseSummaries.personId, query.personId) : undefined,
      query.mine ? eq(caseSummaries.submittedBy, actor.userId) : undefined,
    );
    const db = this.database.db;
    const rows = await db
      .select()
      .from(caseSummaries)
      .where(where)
      .orderBy(desc(caseSummaries.submittedAt), desc(caseSummaries.caseId))
      .limit(query.limit)
      .offset(query.offset);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(caseSummaries)
      .where(where);
    return {
      items: rows.map((r) => ({
        ...r,
        submittedAt: iso(r.submittedAt),
        dueAt: iso(r.dueAt),
        closedAt: iso(r.closedAt),
        updatedAt: iso(r.updatedAt),
      })),
      total: Number(count?.n ?? 0),
    };
  }
}
