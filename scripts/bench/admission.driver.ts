import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import {
  WORKFLOW_TYPES,
  caseStateQuery,
  decideTaskUpdate,
  workflowIds,
  type Actor,
  type AdmissionInput,
  type CaseState,
  type Outcome,
  type Task,
} from '../../libs/contracts';
import { CURRENT_POLICY_VERSION } from '../../libs/domain';
import { DEMO_IDS, people, type Database } from '../../libs/db';

/**
 * 发展党员 cases (RULES §E) driven straight through the Temporal client, as test/workflow/admission.workflow.spec.ts
 * does: there is no HTTP route for the procedure yet, and the figures are about the workflow and its activities.
 * Demo registry: 预算处支部 under 财政厅机关党委, party group 财政厅党组.
 */
export const ADMISSION_BRANCH = DEMO_IDS.orgs.budgetBranch;
export const ADMISSION_UPPER = DEMO_IDS.orgs.financeOrganCommittee;
export const ADMISSION_PARTY_GROUP = DEMO_IDS.partyGroups.finance;
const ORG_PATH = [ADMISSION_BRANCH, DEMO_IDS.orgs.financeGeneralBranch, ADMISSION_UPPER, DEMO_IDS.orgs.workCommittee];

/** Actors carried in the updates (the workflow checks their grants against the task's body, not the user table). */
const actor = (userId: string, role: 'submitter' | 'approver', at: string): Actor => ({
  userId,
  displayName: userId,
  roles: [{ role, at }],
  adminOrgIds: [],
});
export const ADMISSION_ACTORS = {
  branchClerk: actor(DEMO_IDS.secretaries.budgetBranch, 'submitter', ADMISSION_BRANCH),
  branchCommittee: actor('u-bench-br-approver', 'approver', ADMISSION_BRANCH),
  upperClerk: actor(DEMO_IDS.secretaries.financeOrganCommittee, 'submitter', ADMISSION_UPPER),
  upperCommittee: actor(DEMO_IDS.users.financeOrganCommitteeApprover, 'approver', ADMISSION_UPPER),
  partyGroup: actor(DEMO_IDS.users.financePartyGroupApprover, 'approver', ADMISSION_PARTY_GROUP),
};

export const admissionPersonId = (run: string, i: number) => `p-bench-adm-${run}-${i}`;
export const admissionCaseIdPrefix = (run: string) => workflowIds.admission(ADMISSION_BRANCH, `p-bench-adm-${run}-`);

/** Applicant rows for `admissionPersonId(run, 0..count-1)`, inserted in batches. */
export async function seedApplicants(database: Database, run: string, count: number): Promise<void> {
  for (let from = 0; from < count; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - from) }, (_, k) => ({
      id: admissionPersonId(run, from + k),
      name: `申请人${from + k + 1}`,
      birthDate: '1998-05-20',
    }));
    await database.db.insert(people).values(rows).onConflictDoNothing();
  }
}

/** The workflow input the API would build for an application received today (current policy). */
export function admissionInput(personId: string, personName: string): AdmissionInput {
  return {
    caseId: workflowIds.admission(ADMISSION_BRANCH, personId),
    orgId: ADMISSION_BRANCH,
    orgPath: ORG_PATH,
    personId,
    personName,
    birthDate: '1998-05-20',
    applicationDate: new Date().toISOString().slice(0, 10),
    upperCommitteeId: ADMISSION_UPPER,
    partyGroupBodyId: ADMISSION_PARTY_GROUP,
    submittedBy: ADMISSION_ACTORS.branchClerk.userId,
    submittedAt: new Date().toISOString(),
    policyVersion: CURRENT_POLICY_VERSION,
  };
}

export async function startAdmissionCase(
  client: Client,
  taskQueue: string,
  input: AdmissionInput,
): Promise<WorkflowHandle> {
  return client.workflow.start(WORKFLOW_TYPES.admission, { taskQueue, workflowId: input.caseId, args: [input] });
}

async function openTask(handle: WorkflowHandle, step: string): Promise<Task | undefined> {
  const state: CaseState = await handle.query(caseStateQuery);
  return state.pendingTasks.find((t) => t.step === step);
}

/** Polls the case query until a task of `step` is open (tasks open as the workflow reaches them). */
async function waitForTask(handle: WorkflowHandle, step: string, timeoutMs = 30_000): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await openTask(handle, step);
    if (task) return task;
    if (Date.now() > deadline) {
      const state: CaseState = await handle.query(caseStateQuery);
      throw new Error(`${handle.workflowId}: no open ${step} task within ${timeoutMs} ms (stage ${state.stage})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How the driver moves server time: the time-skipping environment's `sleep`. */
export type SkipTime = (duration: Duration) => Promise<void>;

export interface HappyPathCounts {
  /** decideTask updates sent */
  updates: number;
  /** `sleep('15 days')` calls on the time-skipping server until the case's own timers opened the next task */
  skips: number;
}

/**
 * One complete happy path, E1 → E25 (the spec's "whole 25-step path"): talk, activist, two half-yearly assessments
 * over the year of cultivation (RULES §E step 6, the case's own timers), candidate, introducers, review, training,
 * pre-review, form, branch vote, upper talk, party group and committee approval, oath, two probation assessments,
 * full-membership application, vote, approvals, archive. Returns once the last update is answered.
 */
export async function driveAdmissionHappyPath(handle: WorkflowHandle, skip: SkipTime): Promise<HappyPathCounts> {
  const counts: HappyPathCounts = { updates: 0, skips: 0 };
  const a = ADMISSION_ACTORS;
  const decide = async (step: string, who: Actor, outcome: Outcome, payload?: Record<string, unknown>) => {
    const task = await waitForTask(handle, step);
    counts.updates += 1;
    try {
      await handle.executeUpdate(decideTaskUpdate, {
        args: [{ actor: who, taskId: task.taskId, outcome, ...(payload ? { payload } : {}) }],
      });
    } catch (err) {
      const cause = (err as { cause?: { type?: string; message?: string } }).cause;
      throw new Error(
        `${handle.workflowId} ${step} ${outcome} ${JSON.stringify(payload ?? {})} refused: ${cause?.type ?? ''} ${cause?.message ?? String(err)}`,
      );
    }
  };
  /** Skips server time in 15-day steps until the case's own timer opened `step` (as the workflow spec does). */
  const skipUntil = async (step: string, maxDays: number) => {
    for (let days = 0; days <= maxDays; days += 15) {
      if (await openTask(handle, step)) return;
      counts.skips += 1;
      await skip('15 days');
    }
  };
  const vote = { entitled: 16, present: 10, forVotes: 8, writtenOpinionsFor: 1 };

  await decide('E2', a.branchClerk, 'submit', { talkerId: 'p-fin-b04', summary: '谈话记录' });
  await decide('E3', a.branchCommittee, 'approve');
  await decide('E4', a.upperCommittee, 'approve');
  await decide('E5', a.branchClerk, 'submit', { contactIds: ['p-fin-b05', 'p-fin-b06'] });
  for (let i = 0; i < 2; i += 1) {
    await skipUntil('E6', 400);
    await decide('E6', a.branchClerk, 'submit', { summary: `第${i + 1}次考察` });
  }
  await decide('E7', a.branchCommittee, 'approve');
  await decide('E8', a.upperCommittee, 'approve');
  await decide('E9', a.branchClerk, 'submit', {
    introducers: [
      { personId: 'p-fin-b02', consent: true },
      { personId: 'p-fin-b03', consent: true },
    ],
  });
  await decide('E10', a.branchClerk, 'submit', { conclusion: 'pass', summary: '政治审查合格' });
  await decide('E11', a.branchClerk, 'submit', { days: 3 });
  await decide('E12', a.branchCommittee, 'approve');
  await decide('E13', a.upperCommittee, 'approve');
  await decide('E14', a.branchClerk, 'submit', { formNo: 'ZY-001' });
  await decide('E15', a.branchClerk, 'submit', vote);
  await decide('E16', a.upperClerk, 'submit', { talkerId: 'p-fin-b02', opinion: '同意' });
  await decide('E17-PG', a.partyGroup, 'approve');
  await decide('E17', a.upperCommittee, 'approve');
  await decide('E20', a.branchClerk, 'submit', { place: '支部活动室' });
  for (let i = 0; i < 2; i += 1) {
    await skipUntil('E21', 400);
    await decide('E21', a.branchClerk, 'submit', { summary: `预备期第${i + 1}次考察` });
  }
  await skipUntil('E22', 60);
  await decide('E22', a.branchClerk, 'submit', { summary: '转正申请' });
  await decide('E23', a.branchClerk, 'submit', { ...vote, resolution: 'full' });
  await decide('E24-PG', a.partyGroup, 'approve');
  await decide('E24', a.upperCommittee, 'approve');
  await decide('E25', a.branchClerk, 'submit', { archiveNo: 'DA-1' });
  return counts;
}
