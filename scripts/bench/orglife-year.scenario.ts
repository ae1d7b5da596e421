import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  caseStateQuery,
  decideTaskUpdate,
  orgLifeQuery,
  recordOccurrenceUpdate,
  submitPlanUpdate,
  WORKFLOW_TYPES,
  workflowIds,
  type Actor,
  type OrgLifeInput,
  type OrgLifeOccurrenceView,
  type OrgLifeView,
} from '../../libs/contracts';
import { DEMO_IDS, RegistryRepository, type Database } from '../../libs/db';
import {
  CURRENT_POLICY_VERSION,
  getPolicy,
  occurrenceKindInfo,
  orThrow,
  rosterAttendance,
  type AttendanceEntry,
  type OccurrenceKind,
} from '../../libs/domain';
import { historySize, type HistorySize } from './history';
import { elapsedSince } from './stats';
import { startTimeSkippingStack } from './time-skipping-stack';

export interface BranchYearResult {
  orgId: string;
  year: number;
  occurrences: number;
  /** plan submitted → the next year's run started, the year driven by updates and server time skips */
  wallMs: number;
  /** the history of the year's run (the run that continued as new into the next year) */
  history: HistorySize;
}

const ORG = DEMO_IDS.orgs.budgetBranch;
const UPPER = DEMO_IDS.orgs.financeGeneralBranch;
const actor = (userId: string, role: 'submitter' | 'approver'): Actor => ({
  userId,
  displayName: userId,
  roles: [{ role, at: ORG }],
  adminOrgIds: [],
});
const secretary = actor(DEMO_IDS.secretaries.budgetBranch, 'submitter');
const committee = actor('u-br-budget-approver', 'approver');

async function skipTo(env: TestWorkflowEnvironment, instant: string): Promise<void> {
  const ms = Date.parse(instant) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`branch year: ${what} did not happen within 30 s`);
}

/** Everyone on the roster of the day present, as the API would list them for the occurrence's audience. */
async function fullAttendance(database: Database, kind: OccurrenceKind, day: string): Promise<AttendanceEntry[]> {
  const policy = getPolicy();
  const registry = new RegistryRepository(database);
  const roster = await registry.rosterAsOf(ORG, day);
  const postsBy: Record<string, AttendanceEntry['posts']> = {};
  for (const p of await registry.postsOf(ORG, day)) (postsBy[p.personId] ??= []).push(p.post);
  const marks = roster
    .filter((m) => occurrenceKindInfo(kind, policy).audience === 'members' || postsBy[m.personId])
    .map((m) => ({ personId: m.personId, status: 'present' as const }));
  return orThrow(rosterAttendance(kind, roster, postsBy, marks, policy));
}

async function record(handle: WorkflowHandle, database: Database, o: OrgLifeOccurrenceView): Promise<void> {
  const kind = o.kind as OccurrenceKind;
  const isClass = occurrenceKindInfo(kind, getPolicy()).isClass;
  const attendance = await fullAttendance(database, kind, o.plannedDate);
  await handle.executeUpdate(recordOccurrenceUpdate, {
    args: [
      {
        actor: secretary,
        occurrenceId: o.occurrenceId,
        record: {
          recordId: `rec-${o.occurrenceId}`,
          heldOn: o.plannedDate,
          place: '第一会议室',
          topic: `${o.kind} ${o.plannedDate}`,
          presidedBy: 'p-fin-b04',
          minutes: '会议纪要：传达学习上级精神，研究部署本月工作。',
          // six of the eight voting members for: carried (the attendance also lists those who do not vote)
          resolutions: kind === 'generalMeeting' ? [{ text: '通过季度工作安排', forVotes: 6 }] : [],
          teacherPersonId: isClass ? 'p-fin-b04' : null,
          teacherIsSecretary: isClass,
          hours: isClass ? 2 : null,
          guests: [],
          attendance: attendance.map((a) => ({
            personId: a.personId,
            membershipStatus: a.membershipStatus,
            status: a.status,
            reason: a.reason ?? null,
            posts: a.posts ?? [],
          })),
        },
      },
    ],
  });
}

/**
 * One branch's year of organizational life (RULES §F, issue 11 "Bench"): the budget branch's plan of next year
 * submitted and approved by its committee, every occurrence recorded on its planned date with everyone present, the
 * year ended so the workflow continues as new into the following one; then the size of the year's run history.
 */
export async function measureBranchYearOnTimeSkipping(bundle: { codePath: string }): Promise<BranchYearResult> {
  const stack = await startTimeSkippingStack('bench-orglife-year', bundle);
  const { env, taskQueue, database } = stack;
  try {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    await skipTo(env, `${year - 1}-12-20T04:00:00.000Z`);
    const input: OrgLifeInput = {
      orgId: ORG,
      orgPath: [ORG, UPPER, DEMO_IDS.orgs.financeOrganCommittee, DEMO_IDS.orgs.workCommittee],
      orgName: '预算处党支部',
      orgType: 'branch',
      hasCommittee: true,
      year,
      planFrom: null,
      upperBodyId: UPPER,
      startedBy: secretary.userId,
      policyVersion: CURRENT_POLICY_VERSION,
    };
    const workflowId = workflowIds.orgLife(ORG);
    const t0 = performance.now();
    const handle = await env.client.workflow.start(WORKFLOW_TYPES.orgLife, {
      taskQueue,
      workflowId,
      args: [input],
    });
    const { runId } = await handle.describe();
    const { approvalCaseId } = await handle.executeUpdate(submitPlanUpdate, { args: [{ actor: secretary }] });
    const approval = env.client.workflow.getHandle(approvalCaseId);
    const state = await until(
      () => approval.query(caseStateQuery),
      (s) => s.pendingTasks.some((t) => t.step === 'P1'),
      'the plan approval task P1',
    );
    const task = state.pendingTasks.find((t) => t.step === 'P1')!;
    await approval.executeUpdate(decideTaskUpdate, {
      args: [{ actor: committee, taskId: task.taskId, outcome: 'approve', comment: '同意' }],
    });
    const view: OrgLifeView = await until(
      () => handle.query(orgLifeQuery),
      (v) => v.planStatus === 'approved',
      'the approved plan',
    );
    const plan = [...view.occurrences].sort((a, b) => (a.plannedDate < b.plannedDate ? -1 : 1));
    for (const o of plan) {
      await skipTo(env, `${o.plannedDate}T04:00:00.000Z`);
      await record(handle, database, o);
    }
    await skipTo(env, `${year + 1}-01-02T04:00:00.000Z`);
    await until(
      () => handle.describe(),
      (d) => d.runId !== runId,
      `the ${year + 1} run`,
    );
    const wallMs = elapsedSince(t0);
    return {
      orgId: ORG,
      year,
      occurrences: plan.length,
      wallMs,
      history: await historySize(env.client, workflowId, runId),
    };
  } finally {
    await stack.stop();
  }
}
