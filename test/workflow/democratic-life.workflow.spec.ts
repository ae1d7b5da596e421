import type { WorkflowHandle } from '@temporalio/client';
import {
  decideTaskUpdate,
  WORKFLOW_TYPES,
  workflowIds,
  type Actor,
  type DemocraticLifeInput,
  type DemocraticLifeResult,
  type Outcome,
} from '../../libs/contracts';
import { DEMO_IDS } from '../../libs/db';
import { CURRENT_POLICY_VERSION } from '../../libs/domain';
import { refusal, waitForState, waitForTask } from './harness/case-polling';
import { actor, sleepUntil, startHarness, type Harness } from './harness/workflow-harness';

jest.setTimeout(600_000);

const ORG = DEMO_IDS.orgs.financeOrganCommittee;
const WC = DEMO_IDS.orgs.workCommittee;
const secretary = actor('u-sec-fin-oc', [{ role: 'submitter', at: ORG }]);
/** the organs work committee's organization department */
const orgDept = actor('u-wc-approver', [{ role: 'approver', at: WC }]);
/** the discipline committee named for the case: here the department party group's body */
const discipline = actor('u-pg-fin', [{ role: 'approver', at: 'pg-finance' }]);
const TEAM: DemocraticLifeInput['team'] = [
  { personId: 'p-fin-b01', name: '王建国', post: 'secretary' },
  { personId: 'p-fin-t01', name: '李丽华', post: 'deputySecretary' },
  { personId: 'p-fin-o01', name: '张志强', post: 'committeeMember' },
];

/**
 * 民主生活会 on the time-skipping server — RULES §F: consent of the organization department and the discipline
 * committee (a return revises topic and date), study, opinions, talks, every member's self-examination, the meeting on
 * the agreed date, the rectification list; the next year's meeting reports on that list item by item, after a
 * rescheduled date went back for consent.
 */
describe('democratic life meeting on the time-skipping server — RULES §F', () => {
  let h: Harness;
  const started: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    for (const id of started) {
      await h.env.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined);
    }
    await h?.stop();
  });

  async function start(year: number, plannedDate: string, previous: DemocraticLifeInput['previous']) {
    const caseId = workflowIds.democraticLife(ORG, year);
    const input: DemocraticLifeInput = {
      caseId,
      orgId: ORG,
      orgPath: [ORG, WC],
      orgName: '中共财政厅机关委员会',
      year,
      topic: `${year}年度民主生活会：学习贯彻党的创新理论`,
      plannedDate,
      team: TEAM,
      organizationDepartmentBodyId: WC,
      disciplineBodyId: 'pg-finance',
      previous,
      submittedBy: secretary.userId,
      submittedAt: new Date(await h.env.currentTimeMs()).toISOString(),
      policyVersion: CURRENT_POLICY_VERSION,
    };
    started.push(caseId);
    return h.env.client.workflow.start(WORKFLOW_TYPES.democraticLife, {
      taskQueue: h.taskQueue,
      workflowId: caseId,
      args: [input],
    });
  }

  async function decide(
    handle: WorkflowHandle,
    step: string,
    who: Actor,
    outcome: Outcome,
    payload?: Record<string, unknown>,
    comment?: string,
  ) {
    const task = await waitForTask(handle, step, 60_000);
    return handle.executeUpdate(decideTaskUpdate, {
      args: [
        { actor: who, taskId: task.taskId, outcome, ...(payload ? { payload } : {}), ...(comment ? { comment } : {}) },
      ],
    });
  }

  async function refused(handle: WorkflowHandle, step: string, who: Actor, payload: Record<string, unknown>) {
    const task = await waitForTask(handle, step, 60_000);
    return refusal(
      handle.executeUpdate(decideTaskUpdate, {
        args: [{ actor: who, taskId: task.taskId, outcome: 'submit', payload }],
      }),
    );
  }

  async function consentBoth(handle: WorkflowHandle) {
    await decide(handle, 'D1', orgDept, 'approve', undefined, '同意');
    await decide(handle, 'D2', discipline, 'approve', undefined, '同意');
  }

  async function prepare(handle: WorkflowHandle, on: string) {
    await decide(handle, 'D3', secretary, 'submit', { completedOn: on, summary: '集中学习三次' });
    await decide(handle, 'D4', secretary, 'submit', { completedOn: on, methods: '座谈、问卷', opinionCount: 12 });
    await decide(handle, 'D5', secretary, 'submit', { completedOn: on, talkCount: 9 });
    await decide(handle, 'D6', secretary, 'submit', { submittedPersonIds: TEAM.map((m) => m.personId) });
  }

  it('runs one year: consent after a return, preparation, the meeting on the agreed date, the rectification list', async () => {
    await sleepUntil(h, '2027-03-01');
    const handle = await start(2027, '2027-06-20', null);

    // The organization department returns the proposal; the secretary revises it (a past date is refused).
    await decide(handle, 'D1', orgDept, 'return', undefined, '主题请聚焦作风建设，时间请安排在6月下旬');
    expect(await refused(handle, 'D0', secretary, { topic: '作风建设', plannedDate: '2027-02-20' })).toBe(
      'DEMOCRATIC_LIFE_DATE_PAST',
    );
    await decide(handle, 'D0', secretary, 'submit', { topic: '加强作风建设专题民主生活会', plannedDate: '2027-06-25' });
    await consentBoth(handle);

    // Preparation is done by the agreed date; a date after it is refused.
    expect(await refused(handle, 'D3', secretary, { completedOn: '2027-06-26' })).toBe('PREPARATION_AFTER_MEETING');
    await sleepUntil(h, '2027-05-10');
    await decide(handle, 'D3', secretary, 'submit', { completedOn: '2027-05-10' });
    await decide(handle, 'D4', secretary, 'submit', { completedOn: '2027-05-10', opinionCount: 15 });
    await decide(handle, 'D5', secretary, 'submit', { completedOn: '2027-05-10' });
    // Every member of the team writes a self-examination.
    expect(await refused(handle, 'D6', secretary, { submittedPersonIds: ['p-fin-b01', 'p-fin-t01'] })).toBe(
      'SELF_EXAMINATION_MISSING',
    );
    expect(
      await refused(handle, 'D6', secretary, { submittedPersonIds: [...TEAM.map((m) => m.personId), 'p-x'] }),
    ).toBe('NOT_ON_TEAM');
    await decide(handle, 'D6', secretary, 'submit', { submittedPersonIds: TEAM.map((m) => m.personId) });

    // The meeting is held on the agreed date, not before it is due, not on another day.
    expect(await refused(handle, 'D7', secretary, { heldOn: '2027-06-25' })).toBe('RECORD_IN_FUTURE');
    await sleepUntil(h, '2027-06-25');
    expect(await refused(handle, 'D7', secretary, { heldOn: '2027-06-24' })).toBe('DEMOCRATIC_LIFE_DATE_NOT_AGREED');
    await decide(handle, 'D7', secretary, 'submit', {
      heldOn: '2027-06-25',
      presentPersonIds: ['p-fin-b01', 'p-fin-t01'],
      minutes: '逐一开展批评和自我批评；张志强因公出差，书面发言由书记代读',
    });

    // The rectification list: owners from the team, deadlines after the meeting and within a year.
    const item = (deadline: string, ownerPersonId = 'p-fin-b01') => ({ text: '建立调研制度', ownerPersonId, deadline });
    expect(await refused(handle, 'D8', secretary, { items: [item('2027-06-25')] })).toBe(
      'RECTIFICATION_DEADLINE_NOT_AFTER_MEETING',
    );
    expect(await refused(handle, 'D8', secretary, { items: [item('2028-06-26')] })).toBe(
      'RECTIFICATION_DEADLINE_TOO_LATE',
    );
    expect(await refused(handle, 'D8', secretary, { items: [item('2027-09-30', 'p-fin-b05')] })).toBe('NOT_ON_TEAM');
    await decide(handle, 'D8', secretary, 'submit', {
      items: [item('2027-09-30'), { text: '精简会议文件', ownerPersonId: 'p-fin-t01', deadline: '2028-06-25' }],
    });
    const done = await waitForState(handle, (s) => s.status !== 'active', 60_000);
    expect(done.status).toBe('completed');
    const result = done.data.result as DemocraticLifeResult;
    expect(result).toMatchObject({
      topic: '加强作风建设专题民主生活会',
      agreedDate: '2027-06-25',
      heldOn: '2027-06-25',
    });
    expect(result.items.map((i) => [i.itemId, i.ownerPersonId, i.deadline])).toEqual([
      [`${workflowIds.democraticLife(ORG, 2027)}#1`, 'p-fin-b01', '2027-09-30'],
      [`${workflowIds.democraticLife(ORG, 2027)}#2`, 'p-fin-t01', '2028-06-25'],
    ]);
    expect(done.timeline.filter((e) => e.event === 'task.decided').map((e) => e.step)).toEqual([
      'D1',
      'D0',
      'D1',
      'D2',
      'D3',
      'D4',
      'D5',
      'D6',
      'D7',
      'D8',
    ]);

    // The next year: a new date goes back for consent, and last year's list is reported on item by item.
    await sleepUntil(h, '2028-02-01');
    const next = await start(2028, '2028-05-20', { caseId: done.caseId, heldOn: result.heldOn, items: result.items });
    await consentBoth(next);
    await prepare(next, '2028-02-01');
    await decide(next, 'D7', secretary, 'submit', {
      reschedule: { plannedDate: '2028-06-10', reason: '与全省会议冲突' },
    });
    await consentBoth(next);
    await sleepUntil(h, '2028-06-10');
    const [first, second] = result.items;
    expect(await refused(next, 'D7', secretary, { heldOn: '2028-06-10' })).toBe('RECTIFICATION_REVIEW_MISSING');
    expect(
      await refused(next, 'D7', secretary, {
        heldOn: '2028-06-10',
        review: [
          { itemId: first!.itemId, status: 'done' },
          { itemId: second!.itemId, status: 'inProgress' },
        ],
      }),
    ).toBe('REVIEW_NOTE_REQUIRED');
    await decide(next, 'D7', secretary, 'submit', {
      heldOn: '2028-06-10',
      presentPersonIds: TEAM.map((m) => m.personId),
      review: [
        { itemId: first!.itemId, status: 'done' },
        { itemId: second!.itemId, status: 'inProgress', note: '文件精简方案已报党组审议' },
      ],
    });
    await decide(next, 'D8', secretary, 'submit', {
      items: [{ text: '完成会议文件精简', ownerPersonId: 'p-fin-t01', deadline: '2028-12-31' }],
    });
    const closed = await waitForState(next, (s) => s.status !== 'active', 60_000);
    expect(closed.status).toBe('completed');
    expect((closed.data.result as DemocraticLifeResult).review).toEqual([
      { itemId: first!.itemId, status: 'done', note: null },
      { itemId: second!.itemId, status: 'inProgress', note: '文件精简方案已报党组审议' },
    ]);
    expect(closed.timeline.some((e) => e.event === 'democraticLife.rescheduled')).toBe(true);
  });
});
