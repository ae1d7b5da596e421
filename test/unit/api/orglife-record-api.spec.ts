import type { Client } from '@temporalio/client';
import request from 'supertest';
import type { RecordOccurrenceArgs } from '../../../libs/contracts';
import { DEMO_IDS } from '../../../libs/db';
import { createTestApp, type TestApp } from './api-test-app';

jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;

/** A Temporal client whose org-life workflow accepts every record update and keeps its arguments. */
function recordingClient(sent: RecordOccurrenceArgs[]): Client {
  return {
    workflow: {
      getHandle: () => ({
        executeUpdate: async (_def: unknown, opts: { args: [RecordOccurrenceArgs] }) => {
          sent.push(opts.args[0]);
          return {
            recordId: opts.args[0].record.recordId,
            occurrenceId: opts.args[0].occurrenceId,
            status: 'held',
            quorum: { rule: null, entitled: 0, present: 0, requiredPresent: 0, met: true },
            resolutions: [],
            recordedLate: false,
          };
        },
      }),
    },
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
  } as unknown as Client;
}

/**
 * 书记讲党课 (RULES §F) at the API edge: the secretary's class is refused (422 naming the rule) unless its teacher is the
 * organization's secretary on the day held (classCountsForSecretary / checkSecretaryClass, the domain's one home);
 * the update carries the registry's secretaries of that day for the workflow's own check.
 */
describe('org-life record API: the secretary’s party class', () => {
  let t: TestApp;
  const sent: RecordOccurrenceArgs[] = [];
  const tokens: Record<string, string> = {};
  const branchSecretary = DEMO_IDS.secretaries.budgetBranch; // p-fin-b04 is the branch's secretary since 2024-01-15
  const organSecretary = DEMO_IDS.secretaries.financeOrganCommittee; // p-fin-b01, a member of the budget branch

  beforeAll(async () => {
    t = await createTestApp({}, recordingClient(sent));
    for (const userId of [branchSecretary, organSecretary]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    sent.length = 0;
  });

  const record = (userId: string, orgId: string, occurrenceId: string, heldOn: string, teacherPersonId: string) =>
    request(t.app.getHttpServer())
      .post(`/api/orgs/${orgId}/org-life/${occurrenceId.split('.')[1]}/occurrences/${occurrenceId}/record`)
      .set('Authorization', tokens[userId]!)
      .send({ heldOn, topic: '学习党的二十届四中全会精神', teacherPersonId, hours: 2, attendance: [] });

  it('refuses a secretary’s class taught by a committee member (422 naming the rule, the teacher and the date)', async () => {
    const res = await record(branchSecretary, O.budgetBranch, 'secretaryPartyClass.2026.1', '2026-11-10', 'p-fin-b05');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'SECRETARY_CLASS_NOT_BY_SECRETARY',
      rule: 'RULES §F',
      numbers: { field: 'teacherPersonId', teacherPersonId: 'p-fin-b05', heldOn: '2026-11-10', secretaries: 1 },
    });
    expect(sent).toHaveLength(0);
  });

  it('refuses a class by the present secretary held before the post began (secretary on that date)', async () => {
    const res = await record(branchSecretary, O.budgetBranch, 'secretaryPartyClass.2023.1', '2023-12-01', 'p-fin-b04');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'SECRETARY_CLASS_NOT_BY_SECRETARY',
      numbers: { teacherPersonId: 'p-fin-b04', heldOn: '2023-12-01', secretaries: 0 },
    });
    expect(sent).toHaveLength(0);
  });

  it('sends the secretary’s own class with the secretaries of the day; it counts', async () => {
    const res = await record(branchSecretary, O.budgetBranch, 'secretaryPartyClass.2026.1', '2026-11-10', 'p-fin-b04');
    expect(res.status).toBe(201);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.record).toMatchObject({
      teacherPersonId: 'p-fin-b04',
      teacherIsSecretary: true,
      secretaryPersonIds: ['p-fin-b04'],
    });
  });

  it('checks an organ committee’s class against its own secretary, who is on a branch’s roster', async () => {
    const res = await record(
      organSecretary,
      O.financeOrganCommittee,
      'secretaryPartyClass.2026.1',
      '2026-11-10',
      'p-fin-b01',
    );
    expect(res.status).toBe(201);
    expect(sent[0]!.record).toMatchObject({ teacherIsSecretary: true, secretaryPersonIds: ['p-fin-b01'] });
    const other = await record(
      organSecretary,
      O.financeOrganCommittee,
      'secretaryPartyClass.2026.1',
      '2026-11-10',
      'p-fin-b04',
    );
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('SECRETARY_CLASS_NOT_BY_SECRETARY');
  });

  it('records an ordinary party class by anyone; it does not count as the secretary’s', async () => {
    const res = await record(branchSecretary, O.budgetBranch, 'partyClass.2026.4', '2026-11-10', 'p-fin-b05');
    expect(res.status).toBe(201);
    expect(sent[0]!.record).toMatchObject({ teacherIsSecretary: false });
  });
});
