import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  date,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// Organizational life read models (RULES §F, issue 11, migration 0009). The plan and the state of each occurrence are
// the org-life workflow's (orgLife:<orgId>); these rows are its projections, plus the records of what was held.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const day = (name: string) => date(name, { mode: 'string' });

export type OrgLifePlanStatus = 'draft' | 'submitted' | 'approved' | 'returned';

/** One yearly plan per organization and year. */
export const orgLifePlans = pgTable(
  'orglife_plans',
  {
    orgId: text('org_id').notNull(),
    year: integer('year').notNull(),
    orgType: text('org_type').notNull(),
    status: text('status').$type<OrgLifePlanStatus>().notNull().default('draft'),
    themeDayOfMonth: integer('theme_day_of_month').notNull(),
    /** the plan approval case (branch committee, then filed upward) */
    approvalCaseId: text('approval_case_id'),
    approvedAt: ts('approved_at'),
    approvedBy: text('approved_by'),
    policyVersion: text('policy_version').notNull(),
    /** workflow time of the newest projection applied */
    asOf: ts('as_of').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.year] })],
);

/** Occurrences of a plan with their state (planned → open → held / missed). */
export const orgLifeOccurrences = pgTable(
  'orglife_occurrences',
  {
    orgId: text('org_id').notNull(),
    occurrenceId: text('occurrence_id').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').notNull(),
    seq: integer('seq').notNull(),
    periodStart: day('period_start').notNull(),
    periodEnd: day('period_end').notNull(),
    plannedDate: day('planned_date').notNull(),
    noticeOn: day('notice_on').notNull(),
    remindOn: day('remind_on').notNull(),
    status: text('status').notNull().default('planned'),
    openedAt: ts('opened_at'),
    remindedAt: ts('reminded_at'),
    closedAt: ts('closed_at'),
    /** the meeting or class record that holds it */
    recordId: text('record_id'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.occurrenceId] }),
    index('orglife_occurrences_year_idx').on(t.year, t.status),
  ],
);

/** A held meeting, class, theme day, talk round or report (RULES §F "Holding a meeting"). */
export const orgLifeRecords = pgTable(
  'orglife_records',
  {
    recordId: text('record_id').primaryKey(),
    orgId: text('org_id').notNull(),
    occurrenceId: text('occurrence_id'),
    kind: text('kind').notNull(),
    heldOn: day('held_on').notNull(),
    place: text('place'),
    topic: text('topic').notNull(),
    presidedBy: text('presided_by'),
    minutes: text('minutes'),
    /** resolutions with their votes and outcome */
    resolutions: jsonb('resolutions').$type<unknown[]>().notNull().default([]),
    /** the quorum check with its numbers */
    quorum: jsonb('quorum').$type<Record<string, unknown>>(),
    noticeOn: day('notice_on'),
    // attachments (sign-in sheet, photos, minutes as PDF/OFD) are rows of `attachments` naming this record (0012)
    /** a class: who taught and for how long */
    teacherPersonId: text('teacher_person_id'),
    teacherIsSecretary: integer('teacher_is_secretary').notNull().default(0),
    hours: doublePrecision('hours'),
    /** activists invited to a class (not members, not counted) */
    guests: jsonb('guests').$type<unknown[]>().notNull().default([]),
    expected: integer('expected').notNull().default(0),
    present: integer('present').notNull().default(0),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('orglife_records_org_idx').on(t.orgId, t.heldOn)],
);

/** Attendance of each roster member at a record. */
export const orgLifeAttendance = pgTable(
  'orglife_attendance',
  {
    recordId: text('record_id').notNull(),
    personId: text('person_id').notNull(),
    orgId: text('org_id').notNull(),
    heldOn: day('held_on').notNull(),
    membershipStatus: text('membership_status').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ columns: [t.recordId, t.personId] }),
    index('orglife_attendance_person_idx').on(t.personId, t.heldOn),
    index('orglife_attendance_org_idx').on(t.orgId, t.heldOn),
  ],
);

/** Training hours per member (classes attended, collective study, training courses). */
export const orgLifeTrainingHours = pgTable(
  'orglife_training_hours',
  {
    id: serial('id').primaryKey(),
    personId: text('person_id').notNull(),
    orgId: text('org_id').notNull(),
    year: integer('year').notNull(),
    on: day('on').notNull(),
    hours: doublePrecision('hours').notNull(),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    description: text('description'),
  },
  (t) => [
    uniqueIndex('orglife_training_source_idx').on(t.source, t.sourceId, t.personId),
    index('orglife_training_person_idx').on(t.personId, t.year),
  ],
);

/** 民主评议党员 results per member and year. */
export const orgLifeAppraisals = pgTable(
  'orglife_appraisals',
  {
    orgId: text('org_id').notNull(),
    year: integer('year').notNull(),
    personId: text('person_id').notNull(),
    /** null until the committee grades (the self-assessment and mutual appraisal come first, migration 0015) */
    grade: text('grade'),
    /** the mutual appraisal (民主测评): votes per grade from the members present */
    votes: jsonb('votes').$type<Record<string, number>>(),
    present: integer('present'),
    selfAssessment: text('self_assessment'),
    assessedOn: day('assessed_on'),
    assessedBy: text('assessed_by'),
    decidedOn: day('decided_on'),
    decidedBy: text('decided_by'),
    followUp: jsonb('follow_up').$type<Record<string, unknown>>(),
    /** a 不合格 follow-up closes when the improvement is recorded */
    improvedOn: day('improved_on'),
    improvementNote: text('improvement_note'),
    improvementRecordedBy: text('improvement_recorded_by'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.year, t.personId] }),
    index('orglife_appraisals_follow_up_idx')
      .on(t.orgId)
      .where(sql`${t.grade} = 'unqualified' AND ${t.improvedOn} IS NULL`),
  ],
);

/** 民主评议党员 results of a year filed with the upper organization (报上级党组织备案, RULES §F). */
export const orgLifeAppraisalFilings = pgTable(
  'orglife_appraisal_filings',
  {
    orgId: text('org_id').notNull(),
    year: integer('year').notNull(),
    upperOrgId: text('upper_org_id'),
    filedOn: day('filed_on').notNull(),
    filedBy: text('filed_by').notNull(),
    members: integer('members').notNull(),
    gradeCounts: jsonb('grade_counts').$type<Record<string, number>>().notNull(),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.year] }),
    index('orglife_appraisal_filings_upper_idx').on(t.upperOrgId, t.year),
  ],
);

/** The lapse watch (RULES §F, 党章 Art. 9) as last computed for each member. */
export const orgLifeLapseWatch = pgTable(
  'orglife_lapse_watch',
  {
    orgId: text('org_id').notNull(),
    personId: text('person_id').notNull(),
    level: text('level').notNull(),
    consecutiveMonths: integer('consecutive_months').notNull(),
    sinceMonth: text('since_month'),
    reasons: text('reasons').array().notNull().default([]),
    /** months of unpaid dues (the registry's dues_arrears fact) when the watch ran */
    duesUnpaidMonths: integer('dues_unpaid_months').notNull().default(0),
    asOf: day('as_of').notNull(),
    /** the case opened for the member (talk at 3 months, removal at 6) */
    caseId: text('case_id'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.personId] })],
);

export type OrgLifePlanRow = typeof orgLifePlans.$inferSelect;
export type OrgLifeOccurrenceRow = typeof orgLifeOccurrences.$inferSelect;
export type OrgLifeRecordRow = typeof orgLifeRecords.$inferSelect;
export type OrgLifeAttendanceRow = typeof orgLifeAttendance.$inferSelect;
export type OrgLifeAppraisalRow = typeof orgLifeAppraisals.$inferSelect;
export type OrgLifeAppraisalFilingRow = typeof orgLifeAppraisalFilings.$inferSelect;
export type OrgLifeLapseRow = typeof orgLifeLapseWatch.$inferSelect;
