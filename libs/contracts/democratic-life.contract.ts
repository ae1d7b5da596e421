// 民主生活会 and 述职评议 (RULES §F, issue 11 "the yearly cycle"): kernel cases of a leadership team and of a secretary.

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
