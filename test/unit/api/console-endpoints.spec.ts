import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CaseSummaryRepository, DEMO_IDS, InboxRepository, type InboxTask } from '../../../libs/db';
import { createTestApp, type TestApp } from './api-test-app';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const U = DEMO_IDS.users;

function inboxTask(overrides: Partial<InboxTask>): InboxTask {
  return {
    taskId: 't-1',
    caseId: 'establishment:org-x',
    procedure: 'establishment',
    orgId: 'org-x',
    orgPath: ['org-x', O.eduOrganCommittee, O.workCommittee],
    caseTitle: '成立测试党支部',
    step: 'C2',
    kind: 'approval',
    title: '党组研究决定',
    titleEn: 'Party group decision',
    assignedBodyId: 'pg-edu',
    assigneeUserIds: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    dueAt: '2026-01-10T00:00:00.000Z',
    status: 'open',
    outcome: null,
    decidedBy: null,
    decidedAt: null,
    comment: null,
    remindedAt: null,
    escalatedToBodyId: null,
    escalatedAt: null,
    ...overrides,
  };
}

describe('console endpoints (me, config, pickers, names, dashboard, inbox filters, task by id)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const get = (path: string, user: string) =>
    request(t.app.getHttpServer()).get(path).set('authorization', `Bearer ${tokens[user]}`);

  beforeAll(async () => {
    t = await createTestApp();
    for (const user of [U.admin, U.eduPartyGroupApprover, U.clerk, U.budgetBranchApprover, 'u-sec-fin-budget']) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId: user });
      tokens[user] = res.body.accessToken;
    }
    const inbox = new InboxRepository(t.database);
    await inbox.upsertTask(inboxTask({ taskId: 't-open' }));
    await inbox.upsertTask(
      inboxTask({
        taskId: 't-done',
        status: 'done',
        outcome: 'approve',
        decidedBy: U.eduPartyGroupApprover,
        decidedAt: '2026-01-02T00:00:00.000Z',
      }),
    );
    await inbox.upsertTask(
      inboxTask({
        taskId: 't-admission',
        caseId: 'admission:org-fin-budget-br:p-applicant-02',
        procedure: 'admission',
        orgId: O.budgetBranch,
        orgPath: [O.budgetBranch, O.financeGeneralBranch, O.financeOrganCommittee, O.workCommittee],
        step: 'E3',
        assignedBodyId: O.budgetBranch,
        dueAt: '2020-01-01T00:00:00.000Z',
      }),
    );
    await new CaseSummaryRepository(t.database).upsert({
      caseId: 'admission:org-fin-budget-br:p-applicant-02',
      procedure: 'admission',
      orgId: O.budgetBranch,
      orgPath: [O.budgetBranch, O.financeGeneralBranch, O.financeOrganCommittee, O.workCommittee],
      title: '发展党员：司马静怡',
      status: 'active',
      stage: 'E3',
      submittedBy: 'u-sec-fin-budget',
      submittedAt: '2026-01-01T00:00:00.000Z',
      pendingBodyIds: [O.budgetBranch],
      dueAt: null,
      closedAt: null,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers who is signed in, with the roles from the role table', async () => {
    const res = await get('/api/me', U.eduPartyGroupApprover);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: U.eduPartyGroupApprover, roles: [{ role: 'approver', at: 'pg-edu' }] });
    expect((await request(t.app.getHttpServer()).get('/api/me')).status).toBe(401);
  });

  it('tells the console how to sign in without a token', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/console-config');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ authMode: 'dev', oidc: null });
  });

  it('lists departments with their party groups, and applicants of a branch to its readers only', async () => {
    const departments = await get('/api/departments', U.clerk);
    expect(departments.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'dept-edu', partyGroupId: 'pg-edu' })]),
    );
    const applicants = await get(`/api/orgs/${O.budgetBranch}/applicants`, 'u-sec-fin-budget');
    expect(applicants.status).toBe(200);
    const ids = (applicants.body.people as { personId: string }[]).map((p) => p.personId);
    expect(ids).toEqual(expect.arrayContaining(['p-applicant-02', 'p-applicant-minor']));
    expect(ids).not.toContain('p-fin-b01');
    expect((await get(`/api/orgs/${O.budgetBranch}/applicants`, U.clerk)).status).toBe(403);
  });

  it('names users and people by id', async () => {
    const res = await get('/api/names?ids=u-clerk,p-applicant-02,nobody', U.clerk);
    expect(res.body.names).toEqual({ 'u-clerk': '基础教育处党务干事', 'p-applicant-02': '司马静怡' });
  });

  it('filters the inbox by procedure, organization and decided-by-me (已办)', async () => {
    const all = await get('/api/inbox?status=all', U.eduPartyGroupApprover);
    expect((all.body.items as InboxTask[]).map((i) => i.taskId).sort()).toEqual(['t-done', 't-open']);
    const done = await get('/api/inbox?status=done&decidedByMe=true', U.eduPartyGroupApprover);
    expect((done.body.items as InboxTask[]).map((i) => i.taskId)).toEqual(['t-done']);
    const admission = await get(
      `/api/inbox?procedure=admission&orgId=${O.financeOrganCommittee}`,
      U.budgetBranchApprover,
    );
    expect((admission.body.items as InboxTask[]).map((i) => i.taskId)).toEqual(['t-admission']);
    const none = await get('/api/inbox?procedure=admission', U.eduPartyGroupApprover);
    expect(none.body.items).toEqual([]);
  });

  it('reads one task for whoever may see it (the link of notification mails)', async () => {
    const res = await get('/api/tasks/t-open', U.eduPartyGroupApprover);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ taskId: 't-open', caseId: 'establishment:org-x' });
    expect((await get('/api/tasks/nope', U.eduPartyGroupApprover)).status).toBe(404);
  });

  it('counts open cases, elections due and overdue tasks for administrators only', async () => {
    const res = await get('/api/dashboard', U.admin);
    expect(res.status).toBe(200);
    expect(res.body.openCasesByStage).toEqual([{ procedure: 'admission', stage: 'E3', count: 1 }]);
    expect(res.body.overdueTasksByBody).toEqual(
      expect.arrayContaining([
        { bodyId: O.budgetBranch, count: 1 },
        { bodyId: 'pg-edu', count: 1 },
      ]),
    );
    expect(res.body.electionsDueByMonth.length).toBeGreaterThan(0);
    expect((await get('/api/dashboard', U.clerk)).status).toBe(403);
  });

  it('lists the cases a user submitted (我发起的)', async () => {
    const mine = await get('/api/cases?mine=true', 'u-sec-fin-budget');
    expect((mine.body.items as { caseId: string }[]).map((c) => c.caseId)).toEqual([
      'admission:org-fin-budget-br:p-applicant-02',
    ]);
    expect((await get('/api/cases?mine=true', U.admin)).body.items).toEqual([]);
  });
});

describe('the web console served from / on the API origin', () => {
  let t: TestApp;
  const webRoot = mkdtempSync(join(tmpdir(), 'branchflow-web-'));

  beforeAll(async () => {
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Branchflow</title><div id="root"></div>');
    writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1)');
    t = await createTestApp({ WEB_ROOT: webRoot });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('answers console routes with index.html (never cached) and assets with a year of caching', async () => {
    const page = await request(t.app.getHttpServer()).get('/tasks/42');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await request(t.app.getHttpServer()).get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('keeps /api and the health routes for the API: an unknown API path is a JSON 404', async () => {
    const missing = await request(t.app.getHttpServer()).get('/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/json');
    expect((await request(t.app.getHttpServer()).get('/health/live')).status).toBe(200);
  });
});
