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
};

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
