import { and, arrayOverlaps, asc, eq, gte, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { Procedure } from '../../contracts';
import type { Database, Db } from '../database';
import { caseSummaries, organizations, tasks } from '../schema';

export interface StageCount {
  procedure: Procedure;
  stage: string;
  count: number;
}

export interface MonthCount {
  /** YYYY-MM */
  month: string;
  count: number;
}

export interface BodyCount {
  bodyId: string;
  count: number;
}

/**
 * Aggregates for the administrators' dashboard, each limited to the organizations the caller administers
 * (`orgIds`: every org inside their subtrees).
 */
export class DashboardRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  /** Active cases by procedure and stage (the member-development pipeline is the `admission` rows). */
  async openCasesByStage(orgIds: string[]): Promise<StageCount[]> {
    if (orgIds.length === 0) return [];
    const rows = await this.db
      .select({ procedure: caseSummaries.procedure, stage: caseSummaries.stage, count: sql<number>`count(*)::int` })
      .from(caseSummaries)
      .where(and(eq(caseSummaries.status, 'active'), arrayOverlaps(caseSummaries.orgPath, orgIds)))
      .groupBy(caseSummaries.procedure, caseSummaries.stage)
      .orderBy(asc(caseSummaries.procedure), asc(caseSummaries.stage));
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  /** Active organizations whose election falls due (approved shift, else term end) in [from, to], by month. */
  async electionsDueByMonth(orgIds: string[], from: string, to: string): Promise<MonthCount[]> {
    if (orgIds.length === 0) return [];
    const due = sql<string>`coalesce(${organizations.electionDue}, ${organizations.termEnd})`;
    const month = sql<string>`to_char(${due}::date, 'YYYY-MM')`;
    const rows = await this.db
      .select({ month, count: sql<number>`count(*)::int` })
      .from(organizations)
      .where(
        and(
          eq(organizations.status, 'active'),
          inArray(organizations.id, orgIds),
          isNotNull(organizations.termEnd),
          gte(due, from),
          lte(due, to),
        ),
      )
      .groupBy(month)
      .orderBy(month);
    return rows.map((r) => ({ month: r.month, count: Number(r.count) }));
  }

  /** Open tasks past their due date, by the body they are assigned to (null: named users). */
  async overdueTasksByBody(orgIds: string[], now: string): Promise<BodyCount[]> {
    if (orgIds.length === 0) return [];
    const body = sql<string>`coalesce(${tasks.assignedBodyId}, '')`;
    const rows = await this.db
      .select({ bodyId: body, count: sql<number>`count(*)::int` })
      .from(tasks)
      .where(and(eq(tasks.status, 'open'), lt(tasks.dueAt, now), arrayOverlaps(tasks.orgPath, orgIds)))
      .groupBy(body)
      .orderBy(sql`count(*) desc`, body);
    return rows.map((r) => ({ bodyId: r.bodyId, count: Number(r.count) }));
  }
}
