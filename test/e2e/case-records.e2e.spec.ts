import { caseRuns } from '../../libs/contracts';
import { CaseRecordRepository, DEMO_IDS } from '../../libs/db';
import { caseSteps, drillToday, useAdmissionStack, type BranchRoles } from './harness/admission-driver';
import { deleteFromTemporal } from './harness/temporal-delete';

jest.setTimeout(300_000);

const O = DEMO_IDS.orgs;
const BRANCH = O.budgetBranch;
const PERSON = DEMO_IDS.applicants.budget;
const clerk = DEMO_IDS.secretaries.budgetBranch;
const branchCommittee = DEMO_IDS.users.budgetBranchApprover;
const upperClerk = DEMO_IDS.secretaries.financeOrganCommittee;
const upperCommittee = DEMO_IDS.users.financeOrganCommitteeApprover;
const partyGroup = DEMO_IDS.users.financePartyGroupApprover;
const admin = 'u-admin';
const roles: BranchRoles = { clerk, committee: branchCommittee, upper: upperCommittee, partyGroup };
const vote = { entitled: 8, present: 7, forVotes: 6 };

/**
 * Records that outlive the engine (issue: trustworthy records §1–§3): a closed case answers from SQL after Temporal
 * deleted it, a running one while no worker answers, and a second application is a run with its own record.
 */
describe('case records end to end (dev server, worker, PGlite, drill policy)', () => {
  const e2e = useAdmissionStack({
    users: [clerk, branchCommittee, upperClerk, upperCommittee, partyGroup, admin],
    drillOrgIds: [BRANCH],
    // a decision without a worker answers 504 after UPDATE_TIMEOUT_MS; long enough for a loaded machine's decisions
    env: () => ({ CASE_QUERY_TIMEOUT_MS: '300', UPDATE_TIMEOUT_MS: '10000' }),
  });
  const { http, tokens } = e2e;
  const get = (user: string, path: string) =>
    fetch(`${e2e.stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${tokens[user]}` } });

  it('withdraw → apply again: the second application is a new case with its own tasks, audit and dossier', async () => {
    const today = drillToday();
    const first = await http.call('POST', '/api/admission-cases', {
      token: tokens[clerk],
      body: { orgId: BRANCH, personId: PERSON, applicationDate: today },
    });
    expect(first.status).toBe(201);
    const firstId = first.body.caseId as string;
    const one = caseSteps(e2e, firstId);
    await one.submit(clerk, 'E2', { talkerId: 'p-fin-b04' });
    await one.openTask(branchCommittee, 'E3');
    const enc1 = encodeURIComponent(firstId);
    const withdrawn = await http.call('POST', `/api/cases/${enc1}/withdraw`, { token: tokens[clerk] });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });

    const second = await http.call('POST', '/api/admission-cases', {
      token: tokens[clerk],
      body: { orgId: BRANCH, personId: PERSON, applicationDate: today },
    });
    expect(second.status).toBe(201);
    const secondId = second.body.caseId as string;
    expect(secondId).toBe(`${firstId}~2`);
    const two = caseSteps(e2e, secondId);
    // its first task reaches the inbox and its decision is applied, not refused as decided
    const e2 = await two.openTask(clerk, 'E2');
    expect(e2.taskId.startsWith(`${secondId}/`)).toBe(true);
    await two.submit(clerk, 'E2', { talkerId: 'p-fin-b05' });
    await two.openTask(branchCommittee, 'E3');

    // each run keeps its own record: the first run's dossier is readable and holds only its own decisions
    const dossierOf = async (caseId: string) =>
      (await http.call('GET', `/api/admission-cases/${encodeURIComponent(caseId)}/dossier`, { token: tokens[admin] }))
        .body as { status: string; steps: { number: number; events: { event: string; detail: unknown }[] }[] };
    const d1 = await dossierOf(firstId);
    const d2 = await dossierOf(secondId);
    expect(d1.status).toBe('withdrawn');
    expect(d2.status).toBe('active');
    const talkers = (d: typeof d1) =>
      d.steps[1]!.events.filter((e) => e.event === 'task.decided').map((e) => JSON.stringify(e.detail));
    expect(talkers(d1)).toEqual([expect.stringContaining('p-fin-b04')]);
    expect(talkers(d2)).toEqual([expect.stringContaining('p-fin-b05')]);
    const view2 = await http.call('GET', `/api/cases/${encodeURIComponent(secondId)}`, { token: tokens[admin] });
    expect(view2.body.timeline.filter((e: { event: string }) => e.event === 'task.decided')).toHaveLength(1);
    await http.call('POST', `/api/cases/${encodeURIComponent(secondId)}/withdraw`, { token: tokens[clerk] });
  });

  it('with every worker stopped, a case answers from its record within a second and a decision answers 504', async () => {
    const today = drillToday();
    const started = await http.call('POST', '/api/admission-cases', {
      token: tokens[clerk],
      body: { orgId: BRANCH, personId: PERSON, applicationDate: today },
    });
    const caseId = started.body.caseId as string;
    const steps = caseSteps(e2e, caseId);
    const e2 = await steps.openTask(clerk, 'E2');
    const enc = encodeURIComponent(caseId);

    await e2e.stack.worker!.stop();
    try {
      // the fastest of three reads: the first one also warms the API's code paths on a loaded machine
      let view = { status: 0, body: {} as Record<string, any> };
      let elapsed = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = Date.now();
        view = await http.call('GET', `/api/cases/${enc}`, { token: tokens[clerk] });
        elapsed = Math.min(elapsed, Date.now() - t0);
      }
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ caseId, status: 'active', stage: 'E2', source: 'record' });
      expect(view.body.pendingTasks.map((t: { taskId: string }) => t.taskId)).toEqual([e2.taskId]);
      expect(Date.parse(view.body.asOf)).toBeLessThanOrEqual(Date.now());
      expect(elapsed).toBeLessThan(1000);

      const headers = { 'idempotency-key': 'e2-no-worker' };
      const body = { outcome: 'submit', payload: { talkerId: 'p-fin-b04' } };
      const decided = await http.call('POST', `/api/cases/${enc}/tasks/${encodeURIComponent(e2.taskId)}/decision`, {
        token: tokens[clerk],
        body,
        headers,
      });
      expect(decided.status).toBe(504);
      expect(decided.body.code).toBe('UPDATE_TIMEOUT');
    } catch (failed) {
      // leave no running case behind: the next test applies again for the same person
      e2e.stack.worker = await e2e.stack.startWorker();
      await http.call('POST', `/api/cases/${enc}/withdraw`, { token: tokens[clerk] });
      throw failed;
    }
    e2e.stack.worker = await e2e.stack.startWorker();
    // the same click retried once the worker is back (as a browser would): applied exactly once
    const again = await http.call('POST', `/api/cases/${enc}/tasks/${encodeURIComponent(e2.taskId)}/decision`, {
      token: tokens[clerk],
      body: { outcome: 'submit', payload: { talkerId: 'p-fin-b04' } },
      headers: { 'idempotency-key': 'e2-no-worker' },
    });
    expect(again.status).toBe(200);
    await steps.openTask(branchCommittee, 'E3');
    const view = await http.call('GET', `/api/cases/${enc}`, { token: tokens[clerk] });
    expect(view.body.source).toBe('workflow');
    expect(view.body.timeline.filter((e: { event: string; step: string }) => e.event === 'task.decided')).toHaveLength(
      1,
    );
    await http.call('POST', `/api/cases/${enc}/withdraw`, { token: tokens[clerk] });
  });
  it('a completed case serves the same dossier after Temporal deleted its workflow', async () => {
    const today = drillToday();
    const started = await http.call('POST', '/api/admission-cases', {
      token: tokens[clerk],
      body: { orgId: BRANCH, personId: PERSON, applicationDate: today },
    });
    expect(started.status).toBe(201);
    const caseId = started.body.caseId as string;
    const steps = caseSteps(e2e, caseId);
    await steps.submit(clerk, 'E2', { talkerId: 'p-fin-b04' });
    await steps.approve(branchCommittee, 'E3');
    await steps.approve(upperCommittee, 'E4');
    await steps.submit(clerk, 'E5', { contactIds: ['p-fin-b01', 'p-fin-b02'] });
    await steps.submit(clerk, 'E6', { summary: '表现良好' });
    await steps.approve(branchCommittee, 'E7');
    await steps.approve(upperCommittee, 'E8');
    await steps.throughAdmissionForm(roles, { introducers: ['p-fin-b01', 'p-fin-b02'], formNo: 'RD-2026-101' });
    await steps.submit(clerk, 'E15', vote);
    await steps.submit(upperClerk, 'E16', { talkerId: 'p-fin-b02' });
    await steps.approve(partyGroup, 'E17-PG');
    await steps.approve(upperCommittee, 'E17');
    const last = await steps.throughFullMembership(roles, { today, vote });
    expect(last.caseStatus).toBe('completed');

    const enc = encodeURIComponent(caseId);
    const paths = [
      `/api/admission-cases/${enc}/dossier`,
      `/api/admission-cases/${enc}/dossier.html`,
      `/api/cases/${enc}`,
      `/api/cases/${enc}/attachments`,
    ];
    const read = async () => Promise.all(paths.map(async (p) => ({ path: p, res: await get(admin, p) })));
    const before = await read();
    for (const { path, res } of before) expect([path, res.status]).toEqual([path, 200]);
    const beforeBodies = await Promise.all(before.map(({ res }) => res.text()));

    // the run of this case (a later application of the same person is a later run of the same workflow id)
    const run = await new CaseRecordRepository(e2e.stack.database).runOf(caseId);
    const workflowId = caseRuns.workflowId(caseId);
    expect(run).toMatchObject({ workflowId, status: 'completed' });
    await deleteFromTemporal(e2e.stack, http, workflowId, run!.firstRunId);

    const after = await read();
    const afterBodies = await Promise.all(after.map(({ res }) => res.text()));
    for (let i = 0; i < paths.length; i++) {
      expect([paths[i], after[i]!.res.status]).toEqual([paths[i], 200]);
      expect([paths[i], afterBodies[i]]).toEqual([paths[i], beforeBodies[i]]);
    }
    expect(JSON.parse(afterBodies[2]!)).toMatchObject({ status: 'completed', source: 'record' });
    const pdf = await get(admin, `/api/admission-cases/${enc}/dossier.pdf`);
    expect(pdf.status).toBe(200);
  });
});
