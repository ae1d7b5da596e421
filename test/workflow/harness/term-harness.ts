import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import {
  termClockQuery,
  WORKFLOW_TYPES,
  workflowIds,
  type TermClockInput,
  type TermClockView,
  type TermShiftInput,
  type TermShiftRequest,
} from '../../../libs/contracts';
import { addToDate, CURRENT_POLICY_VERSION } from '../../../libs/domain';
import { organizations } from '../../../libs/db';
import type { Harness } from './workflow-harness';

export { serverToday } from './workflow-harness';

/**
 * An ACTIVE organization of the education department in the registry (so the clock's projection has its row), with
 * its term ending on termEnd; returns the clock input the registry bootstrap would compute for it.
 */
export async function createTermOrg(
  h: Harness,
  opts: { type: 'branch' | 'organCommittee'; termEnd: string; termYears: number; termNo?: number },
): Promise<TermClockInput> {
  const orgId = `org-term-${randomUUID().slice(0, 8)}`;
  const termNo = opts.termNo ?? 1;
  const termStart = addToDate(opts.termEnd, { years: -opts.termYears });
  const parentId = opts.type === 'branch' ? 'org-edu-oc' : 'org-wc';
  await h.database.db.insert(organizations).values({
    id: orgId,
    name: opts.type === 'branch' ? `测试党支部${orgId}` : `测试机关党委${orgId}`,
    type: opts.type,
    parentId,
    departmentId: 'dept-edu',
    status: 'active',
    hasCommittee: true,
    termStart,
    termEnd: opts.termEnd,
    termYears: opts.termYears,
    termNo,
    policyVersion: CURRENT_POLICY_VERSION,
  });
  return {
    orgId,
    orgPath: parentId === 'org-wc' ? [orgId, 'org-wc'] : [orgId, parentId, 'org-wc'],
    orgName: `测试组织${orgId}`,
    orgType: opts.type,
    termNo,
    termStart,
    termEnd: opts.termEnd,
    shiftedTo: null,
    partyGroupBodyId: 'pg-edu',
    workCommitteeBodyId: 'org-wc',
    upperBodyId: parentId,
    policyVersion: CURRENT_POLICY_VERSION,
    hasCommittee: true,
  };
}

export async function startTermClock(h: Harness, input: TermClockInput): Promise<WorkflowHandle> {
  return h.env.client.workflow.start(WORKFLOW_TYPES.termClock, {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.termClock(input.orgId),
    args: [input],
  });
}

/** Polls the clock's query until the predicate holds (its timers and projections run through the worker). */
export async function waitForClock(
  handle: WorkflowHandle,
  predicate: (v: TermClockView) => boolean,
  timeoutMs = 15_000,
): Promise<TermClockView> {
  const deadline = Date.now() + timeoutMs;
  let last: TermClockView | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(termClockQuery);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`term clock condition not met within ${timeoutMs} ms; last view ${JSON.stringify(last)}`);
}

export type RegistryTerm = typeof organizations.$inferSelect;

export async function registryTerm(h: Harness, orgId: string): Promise<RegistryTerm> {
  const [row] = await h.database.db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!row) throw new Error(`organization ${orgId} not in the registry`);
  return row;
}

/** Polls the registry row until the clock's projection (recordTermState) satisfies the predicate. */
export async function waitForRegistry(
  h: Harness,
  orgId: string,
  predicate: (row: RegistryTerm) => boolean,
  timeoutMs = 15_000,
): Promise<RegistryTerm> {
  const deadline = Date.now() + timeoutMs;
  let last: RegistryTerm | undefined;
  while (Date.now() < deadline) {
    last = await registryTerm(h, orgId);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`registry condition not met within ${timeoutMs} ms; last row ${JSON.stringify(last)}`);
}

/** Starts a term-shift case for the clock's organization, as the API does after its own cap check. */
export async function startTermShift(
  h: Harness,
  clock: TermClockInput,
  n: number,
  request: TermShiftRequest,
): Promise<{ handle: WorkflowHandle; input: TermShiftInput }> {
  const caseId = workflowIds.termShift(clock.orgId, clock.termNo, n);
  const input: TermShiftInput = {
    caseId,
    orgId: clock.orgId,
    orgPath: clock.orgPath,
    termNo: clock.termNo,
    termEnd: clock.termEnd,
    request,
    partyGroupBodyId: clock.partyGroupBodyId,
    workCommitteeBodyId: clock.workCommitteeBodyId,
    submittedBy: 'u-clerk',
    submittedAt: new Date(await h.env.currentTimeMs()).toISOString(),
    policyVersion: clock.policyVersion,
  };
  const handle = await h.env.client.workflow.start(WORKFLOW_TYPES.termShift, {
    taskQueue: h.taskQueue,
    workflowId: caseId,
    args: [input],
  });
  return { handle, input };
}

export function delayRequest(plannedElectionDate: string): TermShiftRequest {
  return {
    plannedElectionDate,
    grounds: ['membersAway'],
    reasons: '多数党员长期在外执行任务，无法达到法定到会人数',
  };
}
