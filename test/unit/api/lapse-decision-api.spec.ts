import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import request from 'supertest';
import type { CaseState, TimelineEntry } from '../../../libs/contracts';
import { DEMO_IDS } from '../../../libs/db';
import { addToDate, CURRENT_POLICY_VERSION, getPolicy, localDate } from '../../../libs/domain';
import { createTestApp, unusedTemporalClient, type TestApp } from './api-test-app';
import { openTaskFixture } from './task-fixture';

jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const CASE = `lapse:${O.budgetBranch}:p-fin-b07`;
const PATH = [O.budgetBranch, O.financeGeneralBranch, O.financeOrganCommittee, DEMO_IDS.orgs.workCommittee];
/** the case's record so far; a test that needs the flag puts the L2 'lapse.flagged' entry here */
let timeline: TimelineEntry[] = [];

function lapseCase(): CaseState {
  return {
    caseId: CASE,
    procedure: 'lapse',
    orgId: O.budgetBranch,
    orgPath: PATH,
    title: '组织生活缺席预警',
    submittedBy: 'system',
    submittedAt: '2026-06-01T00:00:00.000Z',
    status: 'active',
    stage: 'L2',
    policyVersion: CURRENT_POLICY_VERSION,
    pendingTasks: [openTaskFixture({ caseId: CASE, step: 'L2', orgId: O.budgetBranch, procedure: 'lapse' })],
    timeline,
    closedAt: null,
    closeReason: null,
    data: { personId: 'p-fin-b07', level: 'flagged' },
  };
}

/** Temporal stub: the lapse case answers its state; decisions are recorded and accepted. */
function stubClient(updates: Record<string, unknown>[]): Client {
  const client = unusedTemporalClient() as unknown as { workflow: Record<string, unknown> };
  client.workflow.getHandle = (workflowId: string) => ({
    describe: async () => ({ status: { name: 'RUNNING' }, startTime: new Date() }),
    query: async () => {
      if (workflowId !== CASE) throw new WorkflowNotFoundError('not found', workflowId, undefined);
      return lapseCase();
    },
    executeUpdate: async (_def: unknown, opts: { args: [Record<string, unknown>] }) => {
      updates.push(opts.args[0]);
      return { taskId: opts.args[0].taskId, outcome: 'submit', caseStatus: 'active', stage: 'L3', nextTaskIds: [] };
    },
  });
  return client as unknown as Client;
}

/**
 * The lapse case's removal vote (L2, RULES §F via §E step 15) at the API edge, as admission steps 15 and 23: the
 * entitled count is the registry's voting full members on the meeting date, the meeting date is not after today.
 */
describe('lapse removal vote on the decision route (Temporal stubbed, real PGlite)', () => {
  let t: TestApp;
  let token = '';
  const updates: Record<string, unknown>[] = [];
  const today = localDate(new Date().toISOString(), getPolicy(CURRENT_POLICY_VERSION));

  beforeAll(async () => {
    t = await createTestApp({}, stubClient(updates));
    const res = await request(t.app.getHttpServer())
      .post('/api/auth/dev-token')
      .send({ userId: DEMO_IDS.secretaries.budgetBranch })
      .expect(200);
    token = `Bearer ${res.body.accessToken as string}`;
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    updates.length = 0;
    timeline = [];
  });

  const decide = (payload: Record<string, unknown>) =>
    request(t.app.getHttpServer())
      .post(`/api/cases/${encodeURIComponent(CASE)}/tasks/${encodeURIComponent(`${CASE}:L2`)}/decision`)
      .set('Authorization', token)
      .send({ outcome: 'submit', payload });

  it("refuses an entitled count other than the registry's voting full members on the meeting date (422)", async () => {
    // 预算处党支部: 8 full members with voting rights today (1 probationary, 1 under 留党察看 do not vote)
    const res = await decide({ entitled: 10, present: 9, forVotes: 9 }).expect(422);
    expect(res.body).toMatchObject({
      code: 'ENTITLED_COUNT_MISMATCH',
      rule: 'RULES §F (§E step 15)',
      numbers: { entitled: 10, registryEntitled: 8, meetingDate: today },
    });
    // before p-fin-b08 became full (2025-10-01) the branch had 7
    const past = await decide({ entitled: 8, present: 7, forVotes: 7, meetingDate: '2025-09-15' }).expect(422);
    expect(past.body.numbers).toMatchObject({ registryEntitled: 7, meetingDate: '2025-09-15' });
    expect(updates).toHaveLength(0);
    await decide({ entitled: 7, present: 6, forVotes: 6, meetingDate: '2025-09-15' }).expect(200);
    await decide({ entitled: 8, present: 7, forVotes: 7 }).expect(200);
    expect(updates).toHaveLength(2);
  });

  it('refuses a meeting dated after today (422 naming the rule and both dates), before the registry is asked', async () => {
    const tomorrow = addToDate(today, { days: 1 });
    const res = await decide({ entitled: 8, present: 7, forVotes: 7, meetingDate: tomorrow }).expect(422);
    expect(res.body).toMatchObject({
      code: 'RECORDED_DATE_IN_FUTURE',
      rule: 'RULES §F (§E step 15)',
      numbers: { field: 'meetingDate', date: tomorrow, today, step: 'L2' },
    });
    await decide({ entitled: 8, present: 7, forVotes: 7, meetingDate: today }).expect(200);
    expect(updates).toHaveLength(1);
  });

  it('refuses a meeting dated before the member was flagged (422 with both dates), 党章 Art. 9', async () => {
    // flagged on 2025-10-10 in Beijing (02:00Z); a meeting on the 9th decided on someone not yet flagged
    timeline = [
      {
        at: '2025-10-10T02:00:00.000Z',
        step: 'L2',
        event: 'lapse.flagged',
        actorId: null,
        outcome: null,
        comment: null,
        detail: { consecutiveMonths: 6 },
      },
    ];
    const res = await decide({ entitled: 8, present: 7, forVotes: 7, meetingDate: '2025-10-09' }).expect(422);
    expect(res.body).toMatchObject({
      code: 'REMOVAL_MEETING_BEFORE_FLAG',
      numbers: { meetingDate: '2025-10-09', flaggedOn: '2025-10-10', field: 'meetingDate' },
    });
    await decide({ entitled: 8, present: 7, forVotes: 7, meetingDate: '2025-10-10' }).expect(200);
    expect(updates).toHaveLength(1);
  });
});
