import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from './identity.contract';
import type { OrgType } from './registry.contract';

// Organizational life (RULES §F, issue 11): one durable workflow per organization, id `orgLife:<orgId>`, one run per
// year (continued-as-new at the year's end). Message names are stable strings.

export type OrgLifePlanStatus = 'draft' | 'submitted' | 'approved' | 'returned';
export type OrgLifeOccurrenceStatus = 'planned' | 'open' | 'held' | 'missed';

export interface OrgLifeInput {
  orgId: string;
  orgPath: string[];
  orgName: string;
  orgType: OrgType;
  hasCommittee: boolean;
  year: number;
  themeDayOfMonth?: number;
  /** occurrences whose period ended before this date are left out (a plan set up mid-year); null: the whole year */
  planFrom: string | null;
  /** the upper organization the approved plan is filed with */
  upperBodyId: string | null;
  startedBy: string;
  policyVersion: string;
  /** lapse cases carried over from the previous year's run */
  lapseCases?: {
    personId: string;
    caseId: string;
    level: 'none' | 'warned' | 'flagged';
    episode: number;
    open: boolean;
  }[];
}

export interface OrgLifeOccurrenceView {
  occurrenceId: string;
  kind: string;
  seq: number;
  periodStart: string;
  periodEnd: string;
  plannedDate: string;
  noticeOn: string;
  remindOn: string;
  status: OrgLifeOccurrenceStatus;
  openedAt: string | null;
  remindedAt: string | null;
  closedAt: string | null;
  recordId: string | null;
}

export interface OrgLifeView {
  orgId: string;
  year: number;
  orgType: OrgType;
  planStatus: OrgLifePlanStatus;
  themeDayOfMonth: number;
  approvalCaseId: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  policyVersion: string;
  occurrences: OrgLifeOccurrenceView[];
  /** members on the lapse watch and their case, as last computed */
  lapseCases: { personId: string; caseId: string; level: string }[];
}

export interface AdjustOccurrenceArgs {
  actor: Actor;
  occurrenceId: string;
  plannedDate: string;
}

export interface SubmitPlanArgs {
  actor: Actor;
  /** the year the caller means; another running year is refused (409 ORG_LIFE_NOT_RUNNING) */
  year?: number;
}

export interface OrgLifeAttendanceInput {
  personId: string;
  membershipStatus: 'full' | 'probationary' | 'rightsSuspended' | 'partyProbation';
  status: 'present' | 'excused' | 'absentWithReason' | 'absent';
  reason: string | null;
  posts: ('secretary' | 'deputySecretary' | 'committeeMember' | 'organizer')[];
}

/** A held occurrence as the API composed it (attendance from the roster on that date); the workflow re-checks quorum. */
export interface RecordOccurrenceArgs {
  actor: Actor;
  occurrenceId: string;
  record: {
    recordId: string;
    heldOn: string;
    place: string | null;
    topic: string;
    presidedBy: string | null;
    minutes: string | null;
    resolutions: { text: string; forVotes: number; againstVotes?: number; abstentions?: number }[];
    teacherPersonId: string | null;
    teacherIsSecretary: boolean;
    /**
     * the organization's secretaries on `heldOn` (registry posts), for the 书记讲党课 check (RULES §F); absent from
     * clients before it: the workflow then takes the secretaries among the attendance's posts
     */
    secretaryPersonIds?: string[];
    hours: number | null;
    guests: { name: string; note?: string | null }[];
    attendance: OrgLifeAttendanceInput[];
  };
}

export interface RecordOccurrenceResult {
  recordId: string;
  occurrenceId: string;
  status: OrgLifeOccurrenceStatus;
  quorum: { rule: string | null; entitled: number; present: number; requiredPresent: number; met: boolean };
  resolutions: { text: string; forVotes: number; passed: boolean; requiredFor: number | null }[];
  recordedLate: boolean;
}

export const orgLifeQuery = defineQuery<OrgLifeView>('orgLife');
export const adjustOccurrenceUpdate = defineUpdate<OrgLifeOccurrenceView, [AdjustOccurrenceArgs]>('adjustOccurrence');
export const submitPlanUpdate = defineUpdate<{ approvalCaseId: string }, [SubmitPlanArgs]>('submitPlan');
export const recordOccurrenceUpdate = defineUpdate<RecordOccurrenceResult, [RecordOccurrenceArgs]>('recordOccurrence');

/** The plan approval case (procedure orgLifePlan): one approval by the branch committee, then filed upward. */
export interface OrgLifePlanApprovalInput {
  caseId: string;
  orgId: string;
  orgPath: string[];
  orgName: string;
  year: number;
  occurrenceCount: number;
  submittedBy: string;
  submittedAt: string;
  policyVersion: string;
}

export interface OrgLifePlanApprovalResult {
  approved: boolean;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

/** `CaseState.data` of a plan approval case, as the plan approval workflow writes it (besides the kernel's keys). */
export interface OrgLifePlanCaseData {
  /** the plan's year */
  year: number;
  /** the occurrences the plan holds, put to the committee at P1 */
  occurrenceCount: number;
}

/** The lapse case of one member (procedure lapse, id `lapse:<orgId>:<personId>`): talk at 3 months, removal at 6. */
export interface LapseCaseInput {
  caseId: string;
  orgId: string;
  orgPath: string[];
  orgName: string;
  personId: string;
  personName: string;
  consecutiveMonths: number;
  sinceMonth: string | null;
  level: 'none' | 'warned' | 'flagged';
  /** the grounds of 党章 Art. 9 that put the member on the watch; absent in cases started before dues were read */
  reasons?: ('attendance' | 'dues')[];
  /** months of unpaid dues (the registry fact) when the case opened */
  duesUnpaidMonths?: number;
  upperBodyId: string | null;
  submittedAt: string;
  policyVersion: string;
}

/**
 * `CaseState.data` of a lapse case (RULES §F, 党章 Art. 9), as the lapse workflow writes it (besides the kernel's keys).
 */
export interface LapseCaseData {
  /** the member (the kernel projects it to case_summaries.person_id) */
  personId: string;
  /** the member's level, as the monthly watch last signalled it */
  level: LapseCaseInput['level'];
  /** the consecutive months absent, as the monthly watch last signalled them */
  consecutiveMonths: number;
  sinceMonth: string | null;
  /** the grounds, as the monthly watch last signalled them (absent in cases started before dues were read) */
  reasons?: LapseCaseInput['reasons'];
  /** the months of unpaid dues, as the monthly watch last signalled them (set when the case opened with any) */
  duesUnpaidMonths?: number;
  /** L2: `['lapseFlagged']` once flagged at 6 months (projected to case_summaries.flags; the kernel may add its own) */
  flags?: string[];
  /** L2: the branch general meeting's vote on removal (除名, the §E step-15 vote rule) */
  removalVote?: {
    entitled: number;
    present: number;
    forVotes: number;
    writtenOpinionsFor: number;
    passed: boolean;
    requiredFor: number;
    /** the meeting's date, when given */
    meetingDate?: string;
  };
}

/** The org-life workflow tells a running lapse case the member's new level after each monthly watch. */
export const lapseLevelSignal = defineSignal<
  [
    {
      level: 'none' | 'warned' | 'flagged';
      consecutiveMonths: number;
      asOf: string;
      /** absent in signals sent before dues were read */
      reasons?: ('attendance' | 'dues')[];
      duesUnpaidMonths?: number;
    },
  ]
>('lapseLevel');

/**
 * A secretary gave the yearly report (述职, RULES §F): the org-life workflow of that year records its secretaryReport
 * occurrence as held by the report case (another year's run ignores it).
 */
export const secretaryReportedSignal =
  defineSignal<[{ year: number; caseId: string; reportedOn: string }]>('secretaryReported');
