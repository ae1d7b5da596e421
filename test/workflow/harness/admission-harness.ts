import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { WorkflowHandle } from '@temporalio/client';
import {
  WORKFLOW_TYPES,
  caseStateQuery,
  decideTaskUpdate,
  workflowIds,
  type Actor,
  type AdmissionDates,
  type AdmissionInput,
  type CaseState,
  type Outcome,
  type Task,
} from '../../../libs/contracts';
import { addToDate, CURRENT_POLICY_VERSION } from '../../../libs/domain';
import { memberships, people, WorkingDayRepository } from '../../../libs/db';
import { waitForTask } from './case-polling';
import { actor, serverNow, serverToday, type Harness } from './workflow-harness';

/** Demo registry (libs/db demo seed): 预算处支部 under 财政厅机关党委, party group 财政厅党组. */
export const BRANCH = 'org-fin-budget-br';
export const UPPER = 'org-fin-oc';
export const PARTY_GROUP = 'pg-finance';

export const branchClerk = actor('u-br-clerk', [{ role: 'submitter', at: BRANCH }]);
export const branchCommittee = actor('u-br-approver', [{ role: 'approver', at: BRANCH }]);
export const upperClerk = actor('u-oc-clerk', [{ role: 'submitter', at: UPPER }]);
export const upperCommittee = actor('u-oc-approver', [{ role: 'approver', at: UPPER }]);
export const partyGroup = actor('u-pg-approver', [{ role: 'approver', at: PARTY_GROUP }]);
/** An administrator of the work committee: cancels cases. */
export const admin = actor('u-admin', [], ['org-wc']);

export const passingVote = { entitled: 16, present: 10, forVotes: 8, writtenOpinionsFor: 1 };

/** Step 9 payload: two full members of the branch who consent. */
export const twoIntroducers = {
  introducers: [
    { personId: 'p-fin-b02', consent: true },
    { personId: 'p-fin-b03', consent: true },
  ],
};

export const datesOf = (s: CaseState) => s.data.dates as AdmissionDates;
export const flagsOf = (s: CaseState) => s.data.flags as string[];
export const events = (s: CaseState, event: string) => s.timeline.filter((e) => e.event === event);

/** The applicant's membership rows in every organization, oldest first. */
export const membershipRows = (h: Harness, personId: string) =>
  h.database.db
    .select({
      orgId: memberships.orgId,
      status: memberships.status,
      since: memberships.since,
      until: memberships.until,
    })
    .from(memberships)
    .where(eq(memberships.personId, personId))
    .orderBy(asc(memberships.since), asc(memberships.id));

/** The applicant's membership rows at the branch the case started at, oldest first. */
export const branchMembershipRows = (h: Harness, personId: string) =>
  h.database.db
    .select({ status: memberships.status, since: memberships.since, until: memberships.until })
    .from(memberships)
    .where(and(eq(memberships.personId, personId), eq(memberships.orgId, BRANCH)))
    .orderBy(asc(memberships.since));

/** Starts `admission:<branch>:<person>` for a fresh applicant (a new person row, so memberships never collide). */
export async function startAdmission(
  h: Harness,
  opts: {
    birthDate?: string;
    applicationDate?: string;
    policyVersion?: string;
    /** date the application and the submission by the server's (skipped-ahead) clock, not the wall clock */
    serverClock?: boolean;
  } = {},
) {
  const personId = `p-adm-${randomUUID().slice(0, 8)}`;
  await h.database.db
    .insert(people)
    .values({ id: personId, name: '申请人', birthDate: opts.birthDate ?? '1998-05-20' });
  const now = opts.serverClock ? await serverNow(h) : new Date().toISOString();
  const input: AdmissionInput = {
    caseId: workflowIds.admission(BRANCH, personId),
    orgId: BRANCH,
    orgPath: [BRANCH, 'org-fin-gb', UPPER, 'org-wc'],
    personId,
    personName: '申请人',
    birthDate: opts.birthDate ?? '1998-05-20',
    applicationDate: opts.applicationDate ?? now.slice(0, 10),
    upperCommitteeId: UPPER,
    partyGroupBodyId: PARTY_GROUP,
    submittedBy: branchClerk.userId,
    submittedAt: now,
    policyVersion: opts.policyVersion ?? CURRENT_POLICY_VERSION,
  };
  const handle = await h.env.client.workflow.start(WORKFLOW_TYPES.admission, {
    taskQueue: h.taskQueue,
    workflowId: input.caseId,
    args: [input],
  });
  return { handle, personId, input };
}

/** Decides the open task of `step` (waiting for it first) and returns the update's answer. */
export async function decide(
  handle: WorkflowHandle,
  step: string,
  who: Actor,
  outcome: Outcome,
  payload?: Record<string, unknown>,
  comment?: string,
) {
  const task: Task = await waitForTask(handle, step);
  return handle.executeUpdate(decideTaskUpdate, {
    args: [
      { actor: who, taskId: task.taskId, outcome, ...(payload ? { payload } : {}), ...(comment ? { comment } : {}) },
    ],
  });
}

/** Skips server time in steps until a task of `step` is open (timers of the case's own schedule fire on the way). */
export async function skipUntilTask(h: Harness, handle: WorkflowHandle, step: string, maxDays = 400): Promise<Task> {
  for (let days = 0; days <= maxDays; days += 15) {
    const state = await handle.query(caseStateQuery);
    const task = state.pendingTasks.find((t) => t.step === step);
    if (task) return task;
    await h.env.sleep('15 days');
  }
  return waitForTask(handle, step, 5_000);
}

/** Policy version with the practice timers adopted (RULES H-9): an activist only 6 months after the application. */
export const PRACTICE_PACK = '2026.1-practice';

/** Steps 1–5: talk, activist selected and filed, contacts assigned (after 6 months under the practice pack). */
export async function throughActivist(handle: WorkflowHandle, h?: Harness) {
  await decide(handle, 'E2', branchClerk, 'submit', { talkerId: 'p-fin-b04', summary: '谈话记录' });
  if (h && (await handle.query(caseStateQuery)).policyVersion === PRACTICE_PACK) await h.env.sleep('190 days');
  await decide(handle, 'E3', branchCommittee, 'approve');
  await decide(handle, 'E4', upperCommittee, 'approve');
  await decide(handle, 'E5', branchClerk, 'submit', { contactIds: ['p-fin-b05', 'p-fin-b06'] });
}

/** Steps 6–8: two half-yearly assessments over the year of cultivation, then candidate selection and filing. */
export async function throughCandidate(h: Harness, handle: WorkflowHandle) {
  for (let i = 0; i < 2; i += 1) {
    await skipUntilTask(h, handle, 'E6');
    await decide(handle, 'E6', branchClerk, 'submit', { summary: `第${i + 1}次考察` });
  }
  await decide(handle, 'E7', branchCommittee, 'approve');
  await decide(handle, 'E8', upperCommittee, 'approve');
}

/** Steps 9–14: introducers, political review, training, branch review, pre-review, admission form. */
export async function throughAdmissionForm(handle: WorkflowHandle) {
  await decide(handle, 'E9', branchClerk, 'submit', twoIntroducers);
  await decide(handle, 'E10', branchClerk, 'submit', { conclusion: 'pass', summary: '政治审查合格' });
  await decide(handle, 'E11', branchClerk, 'submit', { days: 3 });
  await decide(handle, 'E12', branchCommittee, 'approve');
  await decide(handle, 'E13', upperCommittee, 'approve');
  await decide(handle, 'E14', branchClerk, 'submit', { formNo: 'ZY-001' });
}

/** Steps 16–20 after a passing step-15 vote: upper talk, party group and committee approval, oath. */
export async function throughOath(handle: WorkflowHandle) {
  await decide(handle, 'E16', upperClerk, 'submit', { talkerId: 'p-fin-b02', opinion: '同意' });
  await decide(handle, 'E17-PG', partyGroup, 'approve');
  await decide(handle, 'E17', upperCommittee, 'approve');
  await decide(handle, 'E20', branchClerk, 'submit', { place: '支部活动室' });
}

/** Probation assessments at +6 and +12 months, then the application for full membership (step 22). */
export async function throughProbation(h: Harness, handle: WorkflowHandle, assessments = 2) {
  for (let i = 0; i < assessments; i += 1) {
    await skipUntilTask(h, handle, 'E21');
    await decide(handle, 'E21', branchClerk, 'submit', { summary: `预备期第${i + 1}次考察` });
  }
  await skipUntilTask(h, handle, 'E22', 60);
  await decide(handle, 'E22', branchClerk, 'submit', { summary: '转正申请' });
}

/**
 * Under the practice pack the step-15 meeting comes after a public notice of 5 working days (RULES §E step 13, H-9),
 * counted on the working-day calendar, which the case reads when step 15 opens: the years around the server's clock
 * are made known (New Year's Day in the administrators' table; the holiday library ends with its last published year).
 */
export async function knowWorkingDayYears(h: Harness) {
  const year = Number((await serverToday(h)).slice(0, 4));
  const overrides = new WorkingDayRepository(h.database);
  for (const y of [year - 1, year, year + 1]) {
    await overrides.upsert({ date: `${y}-01-01`, working: false, note: '元旦' }, 'u-admin');
  }
}

/** The step-15 public notice under the practice pack (started 25 days before the meeting), else nothing. */
export async function publicNoticeOf(h: Harness, handle: WorkflowHandle): Promise<{ publicNoticeStartDate?: string }> {
  if ((await handle.query(caseStateQuery)).policyVersion !== PRACTICE_PACK) return {};
  return { publicNoticeStartDate: addToDate(await serverToday(h), { days: -25 }) };
}

/** Steps 2–14 on the plain path: the case then waits for the step-15 branch meeting. */
export async function untilAdmissionVote(h: Harness, handle: WorkflowHandle) {
  await throughActivist(handle, h);
  await throughCandidate(h, handle);
  if ((await handle.query(caseStateQuery)).policyVersion === PRACTICE_PACK) await knowWorkingDayYears(h);
  await throughAdmissionForm(handle);
}

/** Steps 2–20 on the plain path (a passing step-15 vote): the applicant is then a probationary member. */
export async function untilProbation(h: Harness, handle: WorkflowHandle) {
  await untilAdmissionVote(h, handle);
  await decide(handle, 'E15', branchClerk, 'submit', { ...passingVote, ...(await publicNoticeOf(h, handle)) });
  await throughOath(handle);
}

// One import for the admission specs: the case polling and the harness they all use.
export { refusal, waitForState, waitForTask } from './case-polling';
export { actor, serverNow, serverToday, skip, useHarness } from './workflow-harness';
