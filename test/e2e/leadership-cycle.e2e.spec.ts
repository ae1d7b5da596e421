import { workflowIds } from '../../libs/contracts';
import { DEMO_IDS } from '../../libs/db';
import { addToDate, getPolicy, localDate } from '../../libs/domain';
import { startE2eStack, type E2eStack } from './harness/e2e-stack';
import { httpClient } from './harness/http-client';

jest.setTimeout(300_000);

const ORG = DEMO_IDS.orgs.financeOrganCommittee;
const secretary = DEMO_IDS.secretaries.financeOrganCommittee;
/** the organs work committee's organization department: the upper organization of the finance organ committee */
const upper = DEMO_IDS.users.workCommitteeApprover;
const admin = DEMO_IDS.users.admin;
const committee = DEMO_IDS.users.financeOrganCommitteeApprover;
/** the office branch reports to the finance organ committee, whose approver hears it */
const OFFICE = DEMO_IDS.orgs.officeBranch;
const officeSecretary = DEMO_IDS.secretaries.officeBranch;

interface InboxTask {
  taskId: string;
  caseId: string;
  step: string;
  procedure: string;
  title: string;
}

/**
 * The yearly cycle of a leadership team over HTTP (RULES §F, issue 11): the democratic life meeting (民主生活会) from
 * the secretary's proposal through the inbox of the organization department and discipline committee to the
 * rectification list.
 */
describe('leadership team and secretary yearly cycle end to end (dev server, worker, PGlite)', () => {
  let stack: E2eStack;
  let http: ReturnType<typeof httpClient>;
  const tokens: Record<string, string> = {};
  const today = localDate(new Date().toISOString(), getPolicy());
  const year = Number(today.slice(0, 4));

  beforeAll(async () => {
    stack = await startE2eStack({ lane: 'pglite' });
    http = httpClient(stack.baseUrl);
    for (const user of [secretary, upper, admin, committee, officeSecretary]) tokens[user] = await http.token(user);
  });
  afterAll(async () => {
    for (const id of [workflowIds.democraticLife(ORG, year), workflowIds.orgLife(OFFICE)]) {
      await stack?.env.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined);
    }
    await stack?.stop();
  });

  /** The open task of a step as its user finds it in the inbox (polling while the workflow projects it). */
  async function inboxTask(user: string, caseId: string, step: string): Promise<InboxTask> {
    return http.eventually(async () => {
      const res = await http.call('GET', `/api/inbox?caseId=${encodeURIComponent(caseId)}`, { token: tokens[user] });
      return (res.body.items as InboxTask[] | undefined)?.find((t) => t.step === step);
    }, `${step} in the inbox of ${user}`);
  }

  async function decide(user: string, caseId: string, step: string, body: Record<string, unknown>) {
    const task = await inboxTask(user, caseId, step);
    return http.call(
      'POST',
      `/api/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(task.taskId)}/decision`,
      { token: tokens[user], body },
    );
  }

  it('runs the democratic life meeting: consent, preparation, the meeting, the rectification list', async () => {
    const base = `/api/orgs/${ORG}/democratic-life/${year}`;
    const proposal = { topic: '加强作风建设专题民主生活会', plannedDate: today };
    expect((await http.call('POST', base, { token: tokens[committee], body: proposal })).status).toBe(403);
    const past = await http.call('POST', base, {
      token: tokens[secretary],
      body: { ...proposal, plannedDate: addToDate(today, { days: -1 }) },
    });
    expect([400, 422]).toContain(past.status); // 400 when yesterday lies in last year
    const started = await http.call('POST', base, { token: tokens[secretary], body: proposal });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      caseId: workflowIds.democraticLife(ORG, year),
      status: 'active',
      organizationDepartmentBodyId: DEMO_IDS.orgs.workCommittee,
      disciplineBodyId: DEMO_IDS.orgs.workCommittee,
      previousItems: 0,
    });
    const caseId = started.body.caseId as string;
    const team = (started.body.team as { personId: string; post: string }[]).map((m) => m.personId);
    expect(team).toEqual(['p-fin-b01', 'p-fin-t01', 'p-fin-o01']);
    expect((await http.call('POST', base, { token: tokens[secretary], body: proposal })).status).toBe(409);

    // The organization department returns it from its inbox; the secretary revises; both consent.
    const d1 = await inboxTask(upper, caseId, 'D1');
    expect(d1).toMatchObject({ procedure: 'democraticLife' });
    expect(d1.title).toContain('上级组织部门审核');
    expect((await decide(upper, caseId, 'D1', { outcome: 'return', comment: '主题请更聚焦' })).status).toBe(200);
    const revised = await decide(secretary, caseId, 'D0', {
      outcome: 'submit',
      payload: { topic: '加强作风建设、提升服务质效专题民主生活会', plannedDate: today },
    });
    expect(revised.status).toBe(200);
    expect((await decide(upper, caseId, 'D1', { outcome: 'approve', comment: '同意' })).status).toBe(200);
    expect((await decide(upper, caseId, 'D2', { outcome: 'approve', comment: '同意' })).status).toBe(200);

    // Preparation; the step form lists the team for the self-examination.
    for (const step of ['D3', 'D4', 'D5']) {
      expect(
        (await decide(secretary, caseId, step, { outcome: 'submit', payload: { completedOn: today } })).status,
      ).toBe(200);
    }
    const d6 = await inboxTask(secretary, caseId, 'D6');
    const form = await http.call(
      'GET',
      `/api/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(d6.taskId)}/form`,
      { token: tokens[secretary] },
    );
    expect((form.body.people as { personId: string }[]).map((p) => p.personId)).toEqual(team);
    const missing = await decide(secretary, caseId, 'D6', {
      outcome: 'submit',
      payload: { submittedPersonIds: team.slice(0, 2) },
    });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ code: 'SELF_EXAMINATION_MISSING', numbers: { team: 3, submitted: 2 } });
    expect(
      (await decide(secretary, caseId, 'D6', { outcome: 'submit', payload: { submittedPersonIds: team } })).status,
    ).toBe(200);

    // The meeting on the agreed date, then the rectification list with owners and deadlines.
    const otherDay = await decide(secretary, caseId, 'D7', {
      outcome: 'submit',
      payload: { heldOn: addToDate(today, { days: -1 }) },
    });
    expect(otherDay.status).toBe(422);
    expect(otherDay.body.code).toBe('DEMOCRATIC_LIFE_DATE_NOT_AGREED');
    const meeting = await decide(secretary, caseId, 'D7', {
      outcome: 'submit',
      payload: { heldOn: today, presentPersonIds: team, minutes: '开展批评和自我批评' },
    });
    expect(meeting.status).toBe(200);
    const late = await decide(secretary, caseId, 'D8', {
      outcome: 'submit',
      payload: { items: [{ text: '建立调研制度', ownerPersonId: 'p-fin-b01', deadline: today }] },
    });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ code: 'RECTIFICATION_DEADLINE_NOT_AFTER_MEETING', numbers: { heldOn: today } });
    const filed = await decide(secretary, caseId, 'D8', {
      outcome: 'submit',
      payload: {
        items: [
          { text: '建立调研制度', ownerPersonId: 'p-fin-b01', deadline: addToDate(today, { months: 3 }) },
          { text: '精简会议文件', ownerPersonId: 'p-fin-t01', deadline: addToDate(today, { months: 6 }) },
        ],
      },
    });
    expect(filed.status).toBe(200);
    expect(filed.body).toMatchObject({ caseStatus: 'completed' });

    const cases = await http.call('GET', base, { token: tokens[admin] });
    expect(cases.body.items).toEqual([
      expect.objectContaining({ caseId, status: 'completed', heldOn: today, items: 2 }),
    ]);
    const view = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens[upper] });
    expect(view.body.data.result.items.map((i: { itemId: string }) => i.itemId)).toEqual([
      `${caseId}#1`,
      `${caseId}#2`,
    ]);
    const again = await http.call('POST', base, { token: tokens[secretary], body: proposal });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DEMOCRATIC_LIFE_HELD');
  });

  it("files the secretary's yearly report, returned once, appraised by the upper organization; the plan counts it", async () => {
    expect(
      (await http.call('POST', `/api/orgs/${OFFICE}/org-life/${year}`, { token: tokens[officeSecretary], body: {} }))
        .status,
    ).toBe(201);
    const base = `/api/orgs/${OFFICE}/secretary-report/${year}`;
    const report = { report: '一年来，支部认真落实三会一课制度……' };
    expect((await http.call('POST', base, { token: tokens[committee], body: report })).status).toBe(403);
    const future = await http.call('POST', base, {
      token: tokens[officeSecretary],
      body: { ...report, reportedOn: addToDate(today, { days: 1 }) },
    });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ numbers: { field: 'reportedOn' } });
    const started = await http.call('POST', base, { token: tokens[officeSecretary], body: report });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      caseId: workflowIds.secretaryReport(OFFICE, year),
      secretaryPersonId: 'p-fin-o02',
      upperBodyId: ORG,
      reportedOn: today,
    });
    expect((started.body.grades as { zh: string }[]).map((g) => g.zh)).toEqual(['好', '较好', '一般', '差']);
    const caseId = started.body.caseId as string;

    // The upper organization returns the written report once, then appraises it: the grade follows the votes.
    expect((await decide(committee, caseId, 'R1', { outcome: 'return', comment: '请补充党建工作数据' })).status).toBe(
      200,
    );
    expect(
      (
        await decide(officeSecretary, caseId, 'R0', {
          outcome: 'submit',
          payload: { report: `${report.report}（补充）` },
        })
      ).status,
    ).toBe(200);
    const votes = { good: 8, fairlyGood: 2, average: 0, poor: 0 };
    const mismatch = await decide(committee, caseId, 'R1', {
      outcome: 'approve',
      payload: { appraisedOn: today, grade: 'fairlyGood', votes },
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body).toMatchObject({
      code: 'GRADE_NOT_SUPPORTED_BY_VOTES',
      numbers: { favoured: 'good', max: 8 },
    });
    const appraised = await decide(committee, caseId, 'R1', {
      outcome: 'approve',
      comment: '述职认真，评议为好',
      payload: { appraisedOn: today, grade: 'good', votes },
    });
    expect(appraised.status).toBe(200);
    expect(appraised.body).toMatchObject({ caseStatus: 'completed' });

    const cases = await http.call('GET', base, { token: tokens[officeSecretary] });
    expect(cases.body.items).toEqual([
      expect.objectContaining({ caseId, status: 'completed', grade: 'good', gradeName: '好', rectifyBy: null }),
    ]);
    const plan = await http.eventually(async () => {
      const res = await http.call('GET', `/api/orgs/${OFFICE}/org-life/${year}`, { token: tokens[officeSecretary] });
      const o = (res.body.occurrences as { kind: string; status: string; recordId: string | null }[]).find(
        (x) => x.kind === 'secretaryReport',
      );
      return o?.status === 'held' ? o : undefined;
    }, 'the secretaryReport occurrence held');
    expect(plan.recordId).toBe(`olr-${caseId}`);
  });
});
