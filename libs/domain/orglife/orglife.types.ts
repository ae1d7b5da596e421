// Organizational life (三会一课 and the yearly cycle) — RULES §F. Types shared by the rules of this folder; the
// organization types, membership statuses and posts are the registry's (libs/contracts), spelled out here so the
// domain stays free of imports from outside its folder.

export type OrgLifeOrgType =
  'organsWorkCommittee' | 'organCommittee' | 'generalBranch' | 'branch' | 'jointBranch' | 'temporaryBranch';
export type OrgLifeMembershipStatus = 'full' | 'probationary' | 'rightsSuspended' | 'partyProbation';
export type OrgLifePost = 'secretary' | 'deputySecretary' | 'committeeMember' | 'organizer';

/** What a plan schedules — one row of RULES §F each. */
export const OCCURRENCE_KINDS = [
  'generalMeeting', // 支部党员大会
  'committeeMeeting', // 支委会
  'partyCellMeeting', // 党小组会
  'partyClass', // 党课
  'secretaryPartyClass', // 书记讲党课
  'themeDay', // 主题党日
  'orgLifeMeeting', // 组织生活会
  'memberAppraisal', // 民主评议党员
  'heartToHeart', // 谈心谈话
  'collectiveStudy', // 集中学习 (local)
  'secretaryReport', // 书记述职
  'organAssembly', // 机关党员干部大会
  'organWorkMeeting', // 机关党组织工作会议 (local)
] as const;
export type OccurrenceKind = (typeof OCCURRENCE_KINDS)[number];

/** Lifecycle of one occurrence: planned → open (notice sent) → held (recorded) or missed (period ended). */
export type OccurrenceStatus = 'planned' | 'open' | 'held' | 'missed';

export interface PlannedOccurrence {
  /** `<kind>.<year>.<seq>`, unique within the organization */
  occurrenceId: string;
  kind: OccurrenceKind;
  /** 1-based number of this kind in the year */
  seq: number;
  /** the period the occurrence belongs to (local calendar dates, inclusive) */
  periodStart: string;
  periodEnd: string;
  /** the date the secretary plans it for (adjustable within the period) */
  plannedDate: string;
  /** the notice (with the iCalendar invitation) goes out on this day */
  noticeOn: string;
  /** the secretary is reminded on this day when nothing is recorded */
  remindOn: string;
}

export interface YearPlan {
  orgId: string;
  year: number;
  orgType: OrgLifeOrgType;
  themeDayOfMonth: number;
  occurrences: PlannedOccurrence[];
}

/** Attendance of one roster member at a meeting or class (RULES §F "Holding a meeting"). */
export const ATTENDANCE_STATUSES = ['present', 'excused', 'absentWithReason', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export interface AttendanceEntry {
  personId: string;
  /** the member's status on the meeting date (from the roster) */
  membershipStatus: OrgLifeMembershipStatus;
  status: AttendanceStatus;
  reason?: string | null;
  /** posts held on the meeting date (committee meetings count committee members) */
  posts?: OrgLifePost[];
}

/** 民主评议党员 grades — RULES §F (优秀 / 合格 / 基本合格 / 不合格). */
export const APPRAISAL_GRADES = ['excellent', 'qualified', 'basicallyQualified', 'unqualified'] as const;
export type AppraisalGrade = (typeof APPRAISAL_GRADES)[number];
