import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import {
  closeRoundUpdate,
  decideTaskUpdate,
  openMeetingUpdate,
  submitBallotsUpdate,
  WORKFLOW_TYPES,
  workflowIds,
  type Actor,
  type BallotInput,
  type ByElectionInput,
  type Outcome,
  type TermElectionInput,
  type Vacancy,
} from '../../../libs/contracts';
import { CURRENT_POLICY_VERSION } from '../../../libs/domain';
import { IdentityRepository, organizations, posts, seedTestRoster } from '../../../libs/db';
import { waitForTask } from './case-polling';
import { actor, type Harness } from './workflow-harness';

/** Upper body of every test organization: 预算国库总支 (org-fin-gb), with an approver seeded here. */
export const UPPER_BODY_ID = 'org-fin-gb';
export const upperApprover = actor('u-gb-approver', [{ role: 'approver', at: UPPER_BODY_ID }]);
export const financePartyGroup = actor('u-pg-fin', [{ role: 'approver', at: 'pg-finance' }]);
export const workCommittee = actor('u-wc-approver', [{ role: 'approver', at: 'org-wc' }]);
export const admin = actor('u-admin', [{ role: 'admin', at: 'org-wc' }], ['org-wc']);

export interface TermOrg {
  orgId: string;
  orgPath: string[];
  orgName: string;
  /** full members first, then one probationary member (the last id) */
  memberIds: string[];
  fullIds: string[];
  probationaryId: string;
  /** submitter at the organization: enters E1/E4/E5, B1 and the meeting data */
  clerk: Actor;
  termStart: string;
  termEnd: string;
}

/**
 * A fresh ACTIVE branch under org-fin-gb with its own roster (full members + 1 probationary), a committee of the first
 * three members (secretary, deputy, member), and a submitter user at the branch. Each test gets its own org.
 */
export async function seedTermOrg(
  h: Harness,
  opts: { full?: number; termStart?: string; termEnd: string },
): Promise<TermOrg> {
  const orgId = `org-t${randomUUID().slice(0, 8)}`;
  const termStart = opts.termStart ?? '2024-01-01';
  await h.database.db.insert(organizations).values({
    id: orgId,
    name: `测试处党支部${orgId.slice(-4)}`,
    type: 'branch',
    parentId: UPPER_BODY_ID,
    departmentId: 'dept-finance',
    status: 'active',
    hasCommittee: true,
    termStart,
    termEnd: opts.termEnd,
    termYears: 3,
    termNo: 1,
    policyVersion: CURRENT_POLICY_VERSION,
  });
  const full = opts.full ?? 10;
  const memberIds = await seedTestRoster(h.database, { orgId, full, probationary: 1, prefix: `p-${orgId}` });
  const fullIds = memberIds.slice(0, full);
  await h.database.db.insert(posts).values([
    { orgId, personId: fullIds[0]!, post: 'secretary', since: termStart },
    { orgId, personId: fullIds[1]!, post: 'deputySecretary', since: termStart },
    { orgId, personId: fullIds[2]!, post: 'committeeMember', since: termStart },
  ]);
  const identity = new IdentityRepository(h.database);
  const clerkId = `u-sub-${orgId}`;
  await identity.upsertUser(
    { id: clerkId, personId: null, displayName: '支部组织委员', email: `${clerkId}@example.gov.cn` },
    [{ role: 'submitter', at: orgId }],
  );
  await identity.upsertUser(
    { id: upperApprover.userId, personId: null, displayName: '总支审批员', email: 'u-gb-approver@example.gov.cn' },
    [{ role: 'approver', at: UPPER_BODY_ID }],
  );
  return {
    orgId,
    orgPath: [orgId, UPPER_BODY_ID, 'org-fin-oc', 'org-wc'],
    orgName: `测试处党支部${orgId.slice(-4)}`,
    memberIds,
    fullIds,
    probationaryId: memberIds[full]!,
    clerk: actor(clerkId, [{ role: 'submitter', at: orgId }]),
    termStart,
    termEnd: opts.termEnd,
  };
}

export async function startTermElection(h: Harness, org: TermOrg, electionDue = org.termEnd) {
  const input: TermElectionInput = {
    caseId: workflowIds.termElection(org.orgId, 1),
    orgId: org.orgId,
    orgPath: org.orgPath,
    orgName: org.orgName,
    orgType: 'branch',
    termNo: 1,
    termEnd: org.termEnd,
    electionDue,
    hasCommittee: true,
    partyGroupBodyId: 'pg-finance',
    workCommitteeBodyId: 'org-wc',
    upperBodyId: UPPER_BODY_ID,
    policyVersion: CURRENT_POLICY_VERSION,
  };
  const handle = await h.env.client.workflow.start(WORKFLOW_TYPES.termElection, {
    taskQueue: h.taskQueue,
    workflowId: input.caseId,
    args: [input],
  });
  return { handle, input };
}

export async function startByElection(
  h: Harness,
  org: TermOrg,
  vacancies: Vacancy[],
  appointment?: ByElectionInput['appointment'],
) {
  const input: ByElectionInput = {
    ...(appointment ? { appointment } : {}),
    caseId: workflowIds.byElection(org.orgId, 1),
    orgId: org.orgId,
    orgPath: org.orgPath,
    orgName: org.orgName,
    termEnd: org.termEnd,
    vacancies,
    partyGroupBodyId: 'pg-finance',
    workCommitteeBodyId: 'org-wc',
    submittedBy: org.clerk.userId,
    submittedAt: new Date().toISOString(),
    policyVersion: CURRENT_POLICY_VERSION,
  };
  const handle = await h.env.client.workflow.start(WORKFLOW_TYPES.byElection, {
    taskQueue: h.taskQueue,
    workflowId: input.caseId,
    args: [input],
  });
  return { handle, input };
}

/** Waits for the step's open task and decides it. */
export async function decide(
  handle: WorkflowHandle,
  step: string,
  who: Actor,
  outcome: Outcome,
  payload?: Record<string, unknown>,
  comment?: string,
) {
  const task = await waitForTask(handle, step);
  return handle.executeUpdate(decideTaskUpdate, {
    args: [{ actor: who, taskId: task.taskId, outcome, payload, comment }],
  });
}

export function ballots(n: number, forIds: string[]): BallotInput[] {
  return Array.from({ length: n }, () => ({
    marks: Object.fromEntries(forIds.map((id) => [id, 'for' as const])),
    writeIns: [],
  }));
}

export function candidates(ids: string[]) {
  return ids.map((personId, i) => ({ personId, name: `候选人${i + 1}`, surnameStrokes: i + 2 }));
}

export interface RoundView {
  tally: { elected: string[]; tiedAtCutoff: string[]; shortfall: number; threshold: number; void: boolean };
  nextRoundId: string | null;
  phase: string;
}

/** Meeting data entry on the election child, as the tellers do it through the API. */
export function meeting(election: WorkflowHandle, clerk: Actor) {
  return {
    open: (input: {
      meetingDate: string;
      presentVoterIds: string[];
      officerCandidates?: { secretaryId: string; deputyId?: string };
      scrutineerIds?: string[];
    }) =>
      election.executeUpdate(openMeetingUpdate, {
        args: [{ actor: clerk, input: { scrutineerIds: [], tellerIds: [], exclusions: [], ...input } }],
      }),
    vote: async (roundId: string, entered: BallotInput[], issued: number): Promise<RoundView> => {
      await election.executeUpdate(submitBallotsUpdate, {
        args: [{ actor: clerk, input: { roundId, ballots: entered } }],
      });
      return (await election.executeUpdate(closeRoundUpdate, {
        args: [{ actor: clerk, input: { roundId, ballotsIssued: issued } }],
      })) as unknown as RoundView;
    },
  };
}
