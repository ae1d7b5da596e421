import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Database, type Db } from '../database';
import {
  orgLifeAppraisalFilings,
  orgLifeAppraisals,
  orgLifeAttendance,
  orgLifeLapseWatch,
  orgLifeOccurrences,
  orgLifePlans,
  orgLifeRecords,
  orgLifeTrainingHours,
  type OrgLifeAppraisalFilingRow,
  type OrgLifeAppraisalRow,
  type OrgLifePlanStatus,
} from '../orglife.schema';
import { DEFAULT_PAGE_SIZE, cursorValues, encodeCursor, pageSize, type PageRequest } from './page-cursor';
import { iso } from './time.util';

// Organizational life read models (RULES §F). Plans and occurrence states are the org-life workflow's projections
// (idempotent upserts, newest `asOf` wins); records, attendance and training hours are inserted once per record id.

export interface OccurrenceView {
  occurrenceId: string;
  kind: string;
  seq: number;
  periodStart: string;
  periodEnd: string;
  plannedDate: string;
  noticeOn: string;
  remindOn: string;
  status: string;
  openedAt: string | null;
  remindedAt: string | null;
  closedAt: string | null;
  recordId: string | null;
}

export interface PlanProjection {
  orgId: string;
  year: number;
  orgType: string;
  status: OrgLifePlanStatus;
  themeDayOfMonth: number;
  approvalCaseId: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  policyVersion: string;
  asOf: string;
  occurrences: OccurrenceView[];
}

export interface AttendanceRow {
  personId: string;
  membershipStatus: string;
  status: string;
  reason: string | null;
}

export interface RecordInput {
  recordId: string;
  orgId: string;
  occurrenceId: string | null;
  kind: string;
  heldOn: string;
  place: string | null;
  topic: string;
  presidedBy: string | null;
  minutes: string | null;
  resolutions: unknown[];
  quorum: Record<string, unknown> | null;
  noticeOn: string | null;
  teacherPersonId: string | null;
  teacherIsSecretary: boolean;
  hours: number | null;
  guests: unknown[];
  expected: number;
  present: number;
  recordedBy: string;
  recordedAt: string;
  attendance: AttendanceRow[];
}

export type RecordView = RecordInput;

export interface TrainingInput {
  personId: string;
  orgId: string;
  year: number;
  on: string;
  hours: number;
  source: 'class' | 'study' | 'training';
  sourceId: string;
  description: string | null;
}

export interface AppraisalInput {
  orgId: string;
  year: number;
  personId: string;
  grade: string;
  votes: Record<string, number> | null;
  selfAssessment: string | null;
  decidedOn: string;
  decidedBy: string;
  followUp: Record<string, unknown> | null;
}

/** A member's self-assessment and mutual appraisal (民主测评), recorded before the committee grades. */
export interface AssessmentInput {
  orgId: string;
  year: number;
  personId: string;
  selfAssessment: string;
  votes: Record<string, number>;
  present: number;
  assessedOn: string;
  assessedBy: string;
}

export type AppraisalRow = OrgLifeAppraisalRow;
export type AppraisalFiling = OrgLifeAppraisalFilingRow;

export interface LapseRowInput {
  orgId: string;
  personId: string;
  level: string;
  consecutiveMonths: number;
  sinceMonth: string | null;
  reasons: string[];
  duesUnpaidMonths: number;
  asOf: string;
  caseId?: string | null;
}

export interface ComplianceOccurrenceRow {
  orgId: string;
  occurrenceId: string;
  plannedDate: string;
  heldOn: string | null;
  kind: string;
  status: string;
  periodEnd: string;
  expected: number | null;
  present: number | null;
  teacherIsSecretary: boolean;
}

export class OrgLifeRepository {
  private readonly db: Db;

  constructor(database: Database) {
    this.db = database.db;
  }

  /** The workflow's view of a plan; an older projection (lower asOf) never overwrites a newer one. */
  async projectPlan(p: PlanProjection): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [current] = await tx
        .select({ asOf: orgLifePlans.asOf })
        .from(orgLifePlans)
        .where(and(eq(orgLifePlans.orgId, p.orgId), eq(orgLifePlans.year, p.year)));
      if (current && Date.parse(iso(current.asOf)) > Date.parse(p.asOf)) return;
      const row = {
        orgId: p.orgId,
        year: p.year,
        orgType: p.orgType,
        status: p.status,
        themeDayOfMonth: p.themeDayOfMonth,
        approvalCaseId: p.approvalCaseId,
        approvedAt: p.approvedAt,
        approvedBy: p.approvedBy,
        policyVersion: p.policyVersion,
        asOf: p.asOf,
      };
      await tx
        .insert(orgLifePlans)
        .values(row)
        .onConflictDoUpdate({ target: [orgLifePlans.orgId, orgLifePlans.year], set: row });
      for (const o of p.occurrences) {
        const occ = { orgId: p.orgId, year: p.year, ...o };
        await tx
          .insert(orgLifeOccurrences)
          .values(occ)
          .onConflictDoUpdate({ target: [orgLifeOccurrences.orgId, orgLifeOccurrences.occurrenceId], set: occ });
      }
    });
  }

  async getPlan(orgId: string, year: number): Promise<PlanProjection | null> {
    const [plan] = await this.db
      .select()
      .from(orgLifePlans)
      .where(and(eq(orgLifePlans.orgId, orgId), eq(orgLifePlans.year, year)));
    if (!plan) return null;
    const occurrences = await this.db
      .select()
      .from(orgLifeOccurrences)
      .where(and(eq(orgLifeOccurrences.orgId, orgId), eq(orgLifeOccurrences.year, year)))
      .orderBy(asc(orgLifeOccurrences.plannedDate), asc(orgLifeOccurrences.occurrenceId));
    return {
      ...plan,
      approvedAt: plan.approvedAt === null ? null : iso(plan.approvedAt),
      asOf: iso(plan.asOf),
      occurrences: occurrences.map((o) => ({
        occurrenceId: o.occurrenceId,
        kind: o.kind,
        seq: o.seq,
        periodStart: o.periodStart,
        periodEnd: o.periodEnd,
        plannedDate: o.plannedDate,
        noticeOn: o.noticeOn,
        remindOn: o.remindOn,
        status: o.status,
        openedAt: o.openedAt === null ? null : iso(o.openedAt),
        remindedAt: o.remindedAt === null ? null : iso(o.remindedAt),
        closedAt: o.closedAt === null ? null : iso(o.closedAt),
        recordId: o.recordId,
      })),
    };
  }

  /** Inserts a record with its attendance and training hours once (a retried activity changes nothing). */
  async insertRecord(r: RecordInput, training: TrainingInput[] = []): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { attendance, teacherIsSecretary, ...row } = r;
      const inserted = await tx
        .insert(orgLifeRecords)
        .values({ ...row, teacherIsSecretary: teacherIsSecretary ? 1 : 0 })
        .onConflictDoNothing({ target: orgLifeRecords.recordId })
        .returning({ recordId: orgLifeRecords.recordId });
      if (inserted.length === 0) return;
      if (attendance.length > 0) {
        await tx
          .insert(orgLifeAttendance)
          .values(attendance.map((a) => ({ ...a, recordId: r.recordId, orgId: r.orgId, heldOn: r.heldOn })))
          .onConflictDoNothing();
      }
      if (training.length > 0) await tx.insert(orgLifeTrainingHours).values(training).onConflictDoNothing();
    });
  }

  async getRecord(recordId: string): Promise<RecordView | null> {
    const [row] = await this.db.select().from(orgLifeRecords).where(eq(orgLifeRecords.recordId, recordId));
    if (!row) return null;
    const attendance = await this.db
      .select({
        personId: orgLifeAttendance.personId,
        membershipStatus: orgLifeAttendance.membershipStatus,
        status: orgLifeAttendance.status,
        reason: orgLifeAttendance.reason,
      })
      .from(orgLifeAttendance)
      .where(eq(orgLifeAttendance.recordId, recordId))
      .orderBy(asc(orgLifeAttendance.personId));
    return toRecordView(row, attendance);
  }

  /** Records of an organization held in a year, newest first (without attendance). */
  async listRecords(orgId: string, year: number): Promise<Omit<RecordView, 'attendance'>[]> {
    const rows = await this.db
      .select()
      .from(orgLifeRecords)
      .where(and(heldInYear(orgId, year)))
      .orderBy(sql`${orgLifeRecords.heldOn} desc`, asc(orgLifeRecords.recordId));
    return rows.map((row) => {
      const { attendance: _omit, ...rest } = toRecordView(row, []);
      void _omit;
      return rest;
    });
  }

  /** One page of the records of a year, newest first (keyset on held on desc, record id asc). */
  async pageRecords(
    orgId: string,
    year: number,
    page: PageRequest = {},
  ): Promise<{ items: Omit<RecordView, 'attendance'>[]; nextCursor: string | null }> {
    const limit = pageSize(page.limit, DEFAULT_PAGE_SIZE);
    const after = page.cursor ? cursorValues('orgLifeRecords', page.cursor) : undefined;
    const rows = await this.db
      .select()
      .from(orgLifeRecords)
      .where(
        and(
          heldInYear(orgId, year),
          after
            ? sql`(${orgLifeRecords.heldOn} < ${after[0]}::date or (${orgLifeRecords.heldOn} = ${after[0]}::date and ${orgLifeRecords.recordId} > ${after[1]}))`
            : undefined,
        ),
      )
      .orderBy(sql`${orgLifeRecords.heldOn} desc`, asc(orgLifeRecords.recordId))
      .limit(limit + 1);
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const last = shown[shown.length - 1];
    return {
      items: shown.map((row) => {
        const { attendance: _omit, ...rest } = toRecordView(row, []);
        void _omit;
        return rest;
      }),
      nextCursor: more && last ? encodeCursor('orgLifeRecords', [last.heldOn, last.recordId]) : null,
    };
  }

  /** Attendance of the given people anywhere (their branch and their leadership team: 双重组织生活) up to a date. */
  async attendanceFacts(
    personIds: string[],
    upTo: string,
  ): Promise<{ personId: string; date: string; status: string }[]> {
    if (personIds.length === 0) return [];
    return this.db
      .select({
        personId: orgLifeAttendance.personId,
        date: orgLifeAttendance.heldOn,
        status: orgLifeAttendance.status,
      })
      .from(orgLifeAttendance)
      .where(and(inArray(orgLifeAttendance.personId, personIds), lte(orgLifeAttendance.heldOn, upTo)))
      .orderBy(asc(orgLifeAttendance.heldOn));
  }

  async addTraining(rows: TrainingInput[]): Promise<void> {
    if (rows.length > 0) await this.db.insert(orgLifeTrainingHours).values(rows).onConflictDoNothing();
  }

  /** Hours per person in a year (every organization and source). */
  async trainingHours(personIds: string[], year: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (personIds.length === 0) return out;
    const rows = await this.db
      .select({ personId: orgLifeTrainingHours.personId, hours: sql<number>`sum(${orgLifeTrainingHours.hours})` })
      .from(orgLifeTrainingHours)
      .where(and(inArray(orgLifeTrainingHours.personId, personIds), eq(orgLifeTrainingHours.year, year)))
      .groupBy(orgLifeTrainingHours.personId);
    for (const r of rows) out.set(r.personId, Number(r.hours));
    return out;
  }

  async upsertAppraisals(rows: AppraisalInput[]): Promise<void> {
    for (const row of rows) {
      await this.db
        .insert(orgLifeAppraisals)
        .values(row)
        .onConflictDoUpdate({
          target: [orgLifeAppraisals.orgId, orgLifeAppraisals.year, orgLifeAppraisals.personId],
          set: row,
        });
    }
  }

  /** The self-assessment and mutual appraisal of a member; a grade already given stays (the service checks it). */
  async upsertAssessment(row: AssessmentInput): Promise<void> {
    const { orgId: _o, year: _y, personId: _p, ...set } = row;
    await this.db
      .insert(orgLifeAppraisals)
      .values(row)
      .onConflictDoUpdate({
        target: [orgLifeAppraisals.orgId, orgLifeAppraisals.year, orgLifeAppraisals.personId],
        set,
      });
  }

  async listAppraisals(orgId: string, year: number): Promise<AppraisalRow[]> {
    return this.db
      .select()
      .from(orgLifeAppraisals)
      .where(and(eq(orgLifeAppraisals.orgId, orgId), eq(orgLifeAppraisals.year, year)))
      .orderBy(asc(orgLifeAppraisals.personId));
  }

  async getAppraisal(orgId: string, year: number, personId: string): Promise<AppraisalRow | null> {
    const [row] = await this.db
      .select()
      .from(orgLifeAppraisals)
      .where(
        and(
          eq(orgLifeAppraisals.orgId, orgId),
          eq(orgLifeAppraisals.year, year),
          eq(orgLifeAppraisals.personId, personId),
        ),
      );
    return row ?? null;
  }

  /** Closes a 不合格 follow-up (RULES §F); false when it was closed already. */
  async recordImprovement(
    key: { orgId: string; year: number; personId: string },
    improvedOn: string,
    note: string | null,
    recordedBy: string,
  ): Promise<boolean> {
    const rows = await this.db
      .update(orgLifeAppraisals)
      .set({ improvedOn, improvementNote: note, improvementRecordedBy: recordedBy })
      .where(
        and(
          eq(orgLifeAppraisals.orgId, key.orgId),
          eq(orgLifeAppraisals.year, key.year),
          eq(orgLifeAppraisals.personId, key.personId),
          isNull(orgLifeAppraisals.improvedOn),
        ),
      )
      .returning({ personId: orgLifeAppraisals.personId });
    return rows.length > 0;
  }

  /** 不合格 grades of any year whose follow-up is not closed, of the given organizations. */
  async openFollowUps(orgIds: string[]): Promise<AppraisalRow[]> {
    if (orgIds.length === 0) return [];
    return this.db
      .select()
      .from(orgLifeAppraisals)
      .where(
        and(
          inArray(orgLifeAppraisals.orgId, orgIds),
          eq(orgLifeAppraisals.grade, 'unqualified'),
          isNull(orgLifeAppraisals.improvedOn),
        ),
      )
      .orderBy(asc(orgLifeAppraisals.orgId), asc(orgLifeAppraisals.year), asc(orgLifeAppraisals.personId));
  }

  /** Organizations (of `orgIds`) with at least one graded appraisal in the year. */
  async appraisedOrgs(orgIds: string[], year: number): Promise<Set<string>> {
    if (orgIds.length === 0) return new Set();
    const rows = await this.db
      .selectDistinct({ orgId: orgLifeAppraisals.orgId })
      .from(orgLifeAppraisals)
      .where(
        and(
          inArray(orgLifeAppraisals.orgId, orgIds),
          eq(orgLifeAppraisals.year, year),
          isNotNull(orgLifeAppraisals.grade),
        ),
      );
    return new Set(rows.map((r) => r.orgId));
  }

  /** Files the year's results once; returns the stored filing (the existing one on a repeat). */
  async fileAppraisals(filing: AppraisalFiling): Promise<{ filing: AppraisalFiling; created: boolean }> {
    const [inserted] = await this.db.insert(orgLifeAppraisalFilings).values(filing).onConflictDoNothing().returning();
    if (inserted) return { filing: inserted, created: true };
    return { filing: (await this.getAppraisalFiling(filing.orgId, filing.year))!, created: false };
  }

  async getAppraisalFiling(orgId: string, year: number): Promise<AppraisalFiling | null> {
    const [row] = await this.db
      .select()
      .from(orgLifeAppraisalFilings)
      .where(and(eq(orgLifeAppraisalFilings.orgId, orgId), eq(orgLifeAppraisalFilings.year, year)));
    return row ?? null;
  }

  /** Filings of a year received by an upper organization. */
  async filingsTo(upperOrgId: string, year: number): Promise<AppraisalFiling[]> {
    return this.db
      .select()
      .from(orgLifeAppraisalFilings)
      .where(and(eq(orgLifeAppraisalFilings.upperOrgId, upperOrgId), eq(orgLifeAppraisalFilings.year, year)))
      .orderBy(asc(orgLifeAppraisalFilings.filedOn), asc(orgLifeAppraisalFilings.orgId));
  }

  /** Organizations (of `orgIds`) whose results of the year are filed. */
  async filedOrgs(orgIds: string[], year: number): Promise<Set<string>> {
    if (orgIds.length === 0) return new Set();
    const rows = await this.db
      .select({ orgId: orgLifeAppraisalFilings.orgId })
      .from(orgLifeAppraisalFilings)
      .where(and(inArray(orgLifeAppraisalFilings.orgId, orgIds), eq(orgLifeAppraisalFilings.year, year)));
    return new Set(rows.map((r) => r.orgId));
  }

  /** The watch of an organization as computed now: rows at level none are removed, the others upserted. */
  async replaceLapseWatch(orgId: string, rows: LapseRowInput[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const keep = rows.filter((r) => r.level !== 'none');
      const drop = rows.filter((r) => r.level === 'none').map((r) => r.personId);
      if (drop.length > 0) {
        await tx
          .delete(orgLifeLapseWatch)
          .where(and(eq(orgLifeLapseWatch.orgId, orgId), inArray(orgLifeLapseWatch.personId, drop)));
      }
      for (const r of keep) {
        const { caseId, ...rest } = r;
        await tx
          .insert(orgLifeLapseWatch)
          .values({ ...rest, caseId: caseId ?? null })
          .onConflictDoUpdate({
            target: [orgLifeLapseWatch.orgId, orgLifeLapseWatch.personId],
            set: caseId === undefined ? rest : { ...rest, caseId },
          });
      }
    });
  }

  async setLapseCase(orgId: string, personId: string, caseId: string): Promise<void> {
    await this.db
      .update(orgLifeLapseWatch)
      .set({ caseId })
      .where(and(eq(orgLifeLapseWatch.orgId, orgId), eq(orgLifeLapseWatch.personId, personId)));
  }

  async listLapseWatch(orgIds: string[]): Promise<LapseRowInput[]> {
    if (orgIds.length === 0) return [];
    return this.db
      .select()
      .from(orgLifeLapseWatch)
      .where(inArray(orgLifeLapseWatch.orgId, orgIds))
      .orderBy(sql`${orgLifeLapseWatch.consecutiveMonths} desc`, asc(orgLifeLapseWatch.personId));
  }

  /**
   * One page of the members warned or flagged by the lapse watch of the organizations (level none is never stored, but
   * only these two levels are listed): most consecutive months first, then person, then organization, by keyset.
   */
  async pageLapseWatch(
    orgIds: string[],
    page: PageRequest = {},
  ): Promise<{ items: LapseRowInput[]; nextCursor: string | null }> {
    if (orgIds.length === 0) return { items: [], nextCursor: null };
    const limit = pageSize(page.limit, DEFAULT_PAGE_SIZE);
    const after = page.cursor ? cursorValues('lapseWatch', page.cursor) : undefined;
    const w = orgLifeLapseWatch;
    const afterRow: SQL | undefined = after
      ? sql`(${w.consecutiveMonths} < ${after[0]} or (${w.consecutiveMonths} = ${after[0]} and (${w.personId}, ${w.orgId}) > (${after[1]}, ${after[2]})))`
      : undefined;
    const rows = await this.db
      .select()
      .from(w)
      .where(and(inArray(w.orgId, orgIds), inArray(w.level, ['warned', 'flagged']), afterRow))
      .orderBy(sql`${w.consecutiveMonths} desc`, asc(w.personId), asc(w.orgId))
      .limit(limit + 1);
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const last = shown[shown.length - 1];
    return {
      items: shown,
      nextCursor: more && last ? encodeCursor('lapseWatch', [last.consecutiveMonths, last.personId, last.orgId]) : null,
    };
  }

  /** Every occurrence of the organizations in a year with the attendance of its record, for compliance figures. */
  async complianceRows(orgIds: string[], year: number): Promise<ComplianceOccurrenceRow[]> {
    if (orgIds.length === 0) return [];
    const rows = await this.db
      .select({
        orgId: orgLifeOccurrences.orgId,
        occurrenceId: orgLifeOccurrences.occurrenceId,
        plannedDate: orgLifeOccurrences.plannedDate,
        heldOn: orgLifeRecords.heldOn,
        kind: orgLifeOccurrences.kind,
        status: orgLifeOccurrences.status,
        periodEnd: orgLifeOccurrences.periodEnd,
        expected: orgLifeRecords.expected,
        present: orgLifeRecords.present,
        teacherIsSecretary: orgLifeRecords.teacherIsSecretary,
      })
      .from(orgLifeOccurrences)
      .leftJoin(orgLifeRecords, eq(orgLifeRecords.recordId, orgLifeOccurrences.recordId))
      .where(and(inArray(orgLifeOccurrences.orgId, orgIds), eq(orgLifeOccurrences.year, year)))
      .orderBy(
        asc(orgLifeOccurrences.orgId),
        asc(orgLifeOccurrences.plannedDate),
        asc(orgLifeOccurrences.occurrenceId),
      );
    return rows.map((r) => ({ ...r, teacherIsSecretary: r.teacherIsSecretary === 1 }));
  }

  /**
   * What the compliance list needs of every occurrence (no ledger columns, no order): one row per occurrence with its
   * record's attendance, read as plain rows (the list covers every branch of a work committee at once).
   */
  async complianceFacts(orgIds: string[], year: number): Promise<ComplianceOccurrenceRow[]> {
    if (orgIds.length === 0) return [];
    const rows = await queryRows<{
      org_id: string;
      planned_date: string;
      kind: string;
      status: string;
      period_end: string;
      expected: number | null;
      present: number | null;
      teacher_is_secretary: number | null;
    }>(
      this.db,
      sql`
      SELECT o.org_id, o.planned_date::text AS planned_date, o.kind, o.status, o.period_end::text AS period_end,
        r.expected, r.present, r.teacher_is_secretary
      FROM orglife_occurrences o LEFT JOIN orglife_records r ON r.record_id = o.record_id
      WHERE o.year = ${year} AND o.org_id IN (${sql.join(
        orgIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    return rows.map((r) => ({
      orgId: r.org_id,
      occurrenceId: '',
      plannedDate: r.planned_date,
      heldOn: null,
      kind: r.kind,
      status: r.status,
      periodEnd: r.period_end,
      expected: r.expected,
      present: r.present,
      teacherIsSecretary: r.teacher_is_secretary === 1,
    }));
  }

  /**
   * Members of the organizations on `asOf` with their training hours of the year (every source, every organization)
   * and the posts they hold in any organization then: whether a post needs the leader hours is the domain's rule
   * (isTrainingLeader), not this query's.
   */
  async trainingByMember(
    orgIds: string[],
    year: number,
    asOf: string,
  ): Promise<{ orgId: string; personId: string; name: string; hours: number; posts: string[] }[]> {
    if (orgIds.length === 0) return [];
    const rows = await queryRows<{
      org_id: string;
      person_id: string;
      name: string;
      hours: string | number;
      posts: string[] | null;
    }>(
      this.db,
      sql`
      SELECT m.org_id, m.person_id, p.name,
        COALESCE((SELECT SUM(t.hours) FROM orglife_training_hours t WHERE t.person_id = m.person_id AND t.year = ${year}), 0) AS hours,
        (SELECT array_agg(DISTINCT ps.post::text ORDER BY ps.post::text) FROM posts ps WHERE ps.person_id = m.person_id
          AND ps.since <= ${asOf} AND (ps.until IS NULL OR ps.until > ${asOf})) AS posts
      FROM memberships m JOIN people p ON p.id = m.person_id
      WHERE m.org_id IN (${sql.join(
        orgIds.map((id) => sql`${id}`),
        sql`, `,
      )})
        AND m.since <= ${asOf} AND (m.until IS NULL OR m.until > ${asOf})
      ORDER BY m.org_id, m.person_id`,
    );
    return rows.map((r) => ({
      orgId: r.org_id,
      personId: r.person_id,
      name: r.name,
      hours: Number(r.hours),
      posts: r.posts ?? [],
    }));
  }

  /** Organizations of `orgIds` with a plan for the year. */
  async plannedOrgs(orgIds: string[], year: number): Promise<Map<string, OrgLifePlanStatus>> {
    if (orgIds.length === 0) return new Map();
    const rows = await this.db
      .select({ orgId: orgLifePlans.orgId, status: orgLifePlans.status })
      .from(orgLifePlans)
      .where(and(inArray(orgLifePlans.orgId, orgIds), eq(orgLifePlans.year, year)));
    return new Map(rows.map((r) => [r.orgId, r.status]));
  }
}

function toRecordView(row: typeof orgLifeRecords.$inferSelect, attendance: AttendanceRow[]): RecordView {
  return {
    recordId: row.recordId,
    orgId: row.orgId,
    occurrenceId: row.occurrenceId,
    kind: row.kind,
    heldOn: row.heldOn,
    place: row.place,
    topic: row.topic,
    presidedBy: row.presidedBy,
    minutes: row.minutes,
    resolutions: row.resolutions,
    quorum: row.quorum ?? null,
    noticeOn: row.noticeOn,
    teacherPersonId: row.teacherPersonId,
    teacherIsSecretary: row.teacherIsSecretary === 1,
    hours: row.hours,
    guests: row.guests,
    expected: row.expected,
    present: row.present,
    recordedBy: row.recordedBy,
    recordedAt: iso(row.recordedAt),
    attendance,
  };
}

/** The records of an organization held in a calendar year. */
function heldInYear(orgId: string, year: number): SQL | undefined {
  return and(
    eq(orgLifeRecords.orgId, orgId),
    gte(orgLifeRecords.heldOn, `${year}-01-01`),
    lte(orgLifeRecords.heldOn, `${year}-12-31`),
  );
}
