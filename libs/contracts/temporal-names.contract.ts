/** Task queue and workflow type names shared by the API, the worker and tests. Renaming one is a versioning event. */
export const TASK_QUEUE = 'branchflow';

export const WORKFLOW_TYPES = {
  establishment: 'establishmentWorkflow',
  electionMeeting: 'electionMeetingWorkflow',
  termClock: 'termClockWorkflow',
  termShift: 'termShiftWorkflow',
  termElection: 'termElectionWorkflow',
  byElection: 'byElectionWorkflow',
  admission: 'admissionWorkflow',
  orgLife: 'orgLifeWorkflow',
  orgLifePlanApproval: 'orgLifePlanApprovalWorkflow',
  lapseCase: 'lapseCaseWorkflow',
  democraticLife: 'democraticLifeWorkflow',
  secretaryReport: 'secretaryReportWorkflow',
} as const;

/** Workflow ids are business keys (DESIGN: "Workflow IDs are business keys"). */
export const workflowIds = {
  establishment: (orgId: string) => `establishment:${orgId}`,
  foundingElection: (orgId: string) => `establishment:${orgId}:election`,
  termClock: (orgId: string) => `termClock:${orgId}`,
  termShift: (orgId: string, termNo: number, n: number) => `termShift:${orgId}:${termNo}:${n}`,
  termElection: (orgId: string, termNo: number) => `election:${orgId}:${termNo}`,
  termElectionMeeting: (orgId: string, termNo: number, run: number) => `election:${orgId}:${termNo}:meeting:${run}`,
  byElection: (orgId: string, n: number) => `byElection:${orgId}:${n}`,
  byElectionMeeting: (orgId: string, n: number, run: number) => `byElection:${orgId}:${n}:meeting:${run}`,
  admission: (orgId: string, personId: string) => `admission:${orgId}:${personId}`,
  orgLife: (orgId: string) => `orgLife:${orgId}`,
  orgLifePlan: (orgId: string, year: number, n: number) => `orgLifePlan:${orgId}:${year}:${n}`,
  lapse: (orgId: string, personId: string) => `lapse:${orgId}:${personId}`,
  democraticLife: (orgId: string, year: number) => `democraticLife:${orgId}:${year}`,
  secretaryReport: (orgId: string, year: number) => `secretaryReport:${orgId}:${year}`,
};

/**
 * A case id names one run of a business key: the first run's case id is its workflow id, a later run's (a second
 * application after a closed case) is `<workflowId>~<n>`. Task ids, audit keys, inbox rows, attachments and the
 * dossier hang off the case id, so each run keeps its own record (DESIGN "each run of the same key keeps its own
 * record"); Temporal keeps the business key as the workflow id and refuses a second running case.
 */
export const caseRuns = {
  caseId: (workflowId: string, run: number) => (run <= 1 ? workflowId : `${workflowId}~${run}`),
  workflowId: (caseId: string) => caseId.replace(/~\d+$/, ''),
  run: (caseId: string) => Number(/~(\d+)$/.exec(caseId)?.[1] ?? 1),
};

/** Failure type of an activity whose write the database refused for good (see activities/support/permanent-failure). */
export const RECORD_REJECTED = 'RECORD_REJECTED';

/** Custom search attributes registered on the dev server at start (scripts) and in docker-compose. */
export const SEARCH_ATTRIBUTES = {
  Procedure: 'Keyword',
  OrgId: 'Keyword',
  OrgPath: 'KeywordList',
  Stage: 'Keyword',
  CaseStatus: 'Keyword',
  PendingBodies: 'KeywordList',
  DueAt: 'Datetime',
} as const;
