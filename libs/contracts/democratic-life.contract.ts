// 民主生活会 and 述职评议 (RULES §F, issue 11 "the yearly cycle"): kernel cases of a leadership team and of a secretary.

import type { RectificationReview } from '../domain/orglife/democratic-life.rules';

/** A member of the leadership team on the day the case started (its secretary, deputies, committee members). */
export interface LeadershipTeamMember {
  personId: string;
  name: string;
  post: 'secretary' | 'deputySecretary' | 'committeeMember' | 'organizer';
}

/** An item of a rectification list: what, who, by when (`itemId` = `<caseId>#<n>`). */
export interface RectificationItemView {
  itemId: string;
  text: string;
  ownerPersonId: string;
  deadline: string;
}

/**
 * The democratic life meeting of a leadership team in a year (procedure democraticLife, workflow id
 * `democraticLife:<orgId>:<year>`): consent to topic and date, preparation, the meeting, the rectification list.
 */
export interface DemocraticLifeInput {
  caseId: string;
  orgId: string;
  orgPath: string[];
  orgName: string;
  year: number;
  topic: string;
  plannedDate: string;
  team: LeadershipTeamMember[];
  /** the higher organization's organization department (组织部门): the upper organization's body */
  organizationDepartmentBodyId: string;
  /** the discipline committee (纪委) consenting to topic and date */
  disciplineBodyId: string;
  /** last year's rectification list, reported on at this meeting; null when there was none */
  previous: { caseId: string; heldOn: string; items: RectificationItemView[] } | null;
  submittedBy: string;
  submittedAt: string;
  policyVersion: string;
}

export interface DemocraticLifeResult {
  topic: string;
  agreedDate: string;
  heldOn: string;
  presentPersonIds: string[];
  items: RectificationItemView[];
  review: { itemId: string; status: 'done' | 'inProgress' | 'notDone'; note: string | null }[];
}

/**
 * `CaseState.data` of a democratic life case (RULES §F), as the democratic life workflow writes it (besides the
 * kernel's keys).
 */
export interface DemocraticLifeCaseData {
  year: number;
  /** the topic as it stands after any revision (D0) */
  topic: string;
  /** the meeting date as it stands after any revision (D0) or reschedule (D7) */
  plannedDate: string;
  /** the leadership team on the day the case started */
  team: LeadershipTeamMember[];
  /** last year's rectification list, reported on at D7 */
  previous: DemocraticLifeInput['previous'];
  /** D3–D6: each preparation step's submitted payload, by step */
  preparation: Record<string, Record<string, unknown>>;
  /** D2: the date both bodies consented to, and the day they did */
  agreedDate?: string;
  agreedOn?: string;
  /** D7: the meeting as held, with last year's list reported on item by item */
  meeting?: { heldOn: string; presentPersonIds: string[]; review: RectificationReview[]; minutes: string | null };
  /** D8: the rectification list with owners and deadlines */
  rectification?: RectificationItemView[];
}

/**
 * The secretary's yearly report to the upper organization and its appraisal (procedure secretaryReport, workflow id
 * `secretaryReport:<orgId>:<year>`): R1 the upper organization appraises, R2 rectification when the grade calls for it.
 */
export interface SecretaryReportInput {
  caseId: string;
  orgId: string;
  orgPath: string[];
  orgName: string;
  year: number;
  secretaryPersonId: string;
  secretaryName: string;
  /** the written report (述职报告) */
  report: string;
  reportedOn: string;
  upperBodyId: string;
  submittedBy: string;
  submittedAt: string;
  policyVersion: string;
}

export interface SecretaryReportResult {
  reportedOn: string;
  appraisedOn: string;
  grade: string;
  votes: Record<string, number> | null;
  rectifyBy: string | null;
  rectifiedOn: string | null;
}

/**
 * `CaseState.data` of a secretary report case (RULES §F), as the secretary report workflow writes it (besides the
 * kernel's keys).
 */
export interface SecretaryReportCaseData {
  year: number;
  secretaryPersonId: string;
  /** the secretary again: the kernel projects `personId` to the case summary (case_summaries.person_id) */
  personId: string;
  /** the written report (述职报告) as it stands after any revision (R0) */
  report: string;
  reportedOn: string;
  /** R1: the upper organization's appraisal; `followUp` when the grade calls for rectification */
  appraisal?: {
    grade: string;
    appraisedOn: string;
    votes: Record<string, number> | null;
    comments: unknown;
    followUp: { rectifyBy: string; message: string; messageEn: string } | null;
  };
  /** R2: the secretary's rectification report (its submitted payload) */
  rectification?: Record<string, unknown>;
}
