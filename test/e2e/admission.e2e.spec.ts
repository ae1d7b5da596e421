import { and, eq } from 'drizzle-orm';
import { DEMO_IDS, memberships, organizations } from '../../libs/db';
import { getPolicy, localDate } from '../../libs/domain';
import { startE2eStack, type E2eStack } from './harness/e2e-stack';
import { establishmentDriver } from './harness/establishment-driver';
import { httpClient } from './harness/http-client';

jest.setTimeout(240_000);

const O = DEMO_IDS.orgs;
const BRANCH = O.budgetBranch;
const PERSON = DEMO_IDS.applicants.budget;
const clerk = DEMO_IDS.secretaries.budgetBranch; // submitter at the branch: input steps
const branchCommittee = DEMO_IDS.users.budgetBranchApprover; // approver at the branch: E3, E7, E12
const upperClerk = DEMO_IDS.secretaries.financeOrganCommittee; // submitter at the organ committee: E16
const upperCommittee = DEMO_IDS.users.financeOrganCommitteeApprover; // approver at the organ committee
const partyGroup = DEMO_IDS.users.financePartyGroupApprover; // 财政厅党组 decides first (RULES §A.3)

/** Today on the organization's calendar (China), the date the workflow gives its steps. */
const localToday = () => localDate(new Date().toISOString(), getPolicy('2026.1-drill'));

/** Branch general meeting of 预算处党支部: 8 full members with voting rights (1 probationary, 1 under 留党察看). */
const vote = { entitled: 8, present: 7, forVotes: 6 };

describe('member development end to end over HTTP (dev server, worker, PGlite, drill policy)', () => {
  let stack: E2eStack;
  let http: ReturnType<typeof httpClient>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startE2eStack({ lane: 'pglite' });
    http = httpClient(stack.baseUrl);
    for (const user of [clerk, branchCommittee, upperClerk, upperCommittee, partyGroup, 'u-admin']) {
      tokens[user] = await http.token(user);
    }
    // the branch drills with zero waiting periods, set through the policy table version in the registry
    await stack.database.db
      .update(organizations)
      .set({ policyVersion: '2026.1-drill' })
      .where(eq(organizations.id, BRANCH));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const driver = () => establishmentDriver(http, tokens);

  async function step(user: string, caseId: string, code: string, body: Record<string, unknown>) {
    const task = await driver().openTask(user, caseId, code);
    const res = await driver().decide(user, caseId, task.taskId, body);
    if (res.status !== 200) throw new Error(`${code} by ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { stage: string; caseStatus: string };
  }
  const approve = (user: string, caseId: string, code: string) =>
    step(user, caseId, code, { outcome: 'approve', comment: '同意' });
  const submit = (caseId: string, code: string, payload: Record<string, unknown> = {}, user: string = clerk) =>
    step(user, caseId, code, { outcome: 'submit', payload });

  it('walks all 25 steps as the right users and makes the applicant a full member', async () => {
    const today = localToday();
    const started = await http.call('POST', '/api/admission-cases', {
      token: tokens[clerk],
      body: { orgId: BRANCH, personId: PERSON, applicationDate: today, note: '书面申请' },
    });
    expect(started.status).toBe(201);
    const caseId = `admission:${BRANCH}:${PERSON}`;
    expect(started.body).toMatchObject({
      caseId,
      policyVersion: '2026.1-drill',
      upperCommitteeId: O.financeOrganCommittee,
      partyGroupBodyId: 'pg-finance',
    });

    // a second concurrent start for the same person: same branch (workflow id) and another branch (projection)
    const again = await http.call('POST', '/api/admission-cases', {
      token: tokens[clerk],
      body: { orgId: BRANCH, personId: PERSON, applicationDate: today },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ADMISSION_CASE_EXISTS', numbers: { caseId } });
    const listed = await http.eventually(async () => {
      const res = await http.call('GET', `/api/admission-cases?personId=${PERSON}`, { token: tokens['u-admin'] });
      return res.body.total === 1 ? res.body.items[0] : undefined;
    }, 'the case in the admin list');
    expect(listed).toMatchObject({ caseId, procedure: 'admission', personId: PERSON, flags: [] });
    const elsewhere = await http.call('POST', '/api/admission-cases', {
      token: tokens['u-admin'],
      body: { orgId: O.treasuryBranch, personId: PERSON, applicationDate: today },
    });
    // her work unit's branch is the budget branch: the registry check answers first (the other-branch 409 of a person
    // without a recorded work unit is in the next test)
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body).toMatchObject({ code: 'WRONG_ORGANIZATION', numbers: { orgId: BRANCH } });

    // Stage 1–2
    await submit(caseId, 'E2', { talkerId: 'p-fin-b04' });
    await approve(branchCommittee, caseId, 'E3');
    await approve(upperCommittee, caseId, 'E4');
    // the registry check refuses a probationary contact before the workflow sees it
    const e5 = await driver().openTask(clerk, caseId, 'E5');
    const badContact = await driver().decide(clerk, caseId, e5.taskId, {
      outcome: 'submit',
      payload: { contactIds: ['p-fin-b09'] },
    });
    expect(badContact.status).toBe(422);
    expect(badContact.body).toMatchObject({ code: 'CONTACT_NOT_FULL_MEMBER', numbers: { personId: 'p-fin-b09' } });
    await submit(caseId, 'E5', { contactIds: ['p-fin-b01', 'p-fin-b02'] });
    await submit(caseId, 'E6', { summary: '表现良好' });
    // Stage 3
    await approve(branchCommittee, caseId, 'E7');
    await approve(upperCommittee, caseId, 'E8');
    await submit(caseId, 'E9', {
      introducers: [
        { personId: 'p-fin-b01', consent: true },
        { personId: 'p-fin-b02', consent: true },
      ],
    });
    await submit(caseId, 'E10', { conclusion: 'pass' });
    await submit(caseId, 'E11', { days: 3 });
    // Stage 4
    await approve(branchCommittee, caseId, 'E12');
    await approve(upperCommittee, caseId, 'E13');
    await submit(caseId, 'E14', { formNo: 'RD-2026-001' });
    const e15 = await driver().openTask(clerk, caseId, 'E15');
    const wrongCount = await driver().decide(clerk, caseId, e15.taskId, {
      outcome: 'submit',
      payload: { ...vote, entitled: 10 },
    });
    expect(wrongCount.status).toBe(422);
    expect(wrongCount.body).toMatchObject({
      code: 'ENTITLED_COUNT_MISMATCH',
      numbers: { entitled: 10, registryEntitled: 8 },
    });
    await submit(caseId, 'E15', vote);
    await submit(caseId, 'E16', { talkerId: 'p-fin-b02' }, upperClerk);
    await approve(partyGroup, caseId, 'E17-PG');
    await approve(upperCommittee, caseId, 'E17');
    // Stage 5
    await submit(caseId, 'E20', { oathDate: today });
    let assessments = 0;
    for (;;) {
      const open = await http.eventually(async () => {
        const res = await http.call('GET', '/api/inbox', { token: tokens[clerk] });
        return (res.body.items as { caseId: string; step: string; taskId: string; status: string }[]).find(
          (t) => t.caseId === caseId && t.status === 'open' && (t.step === 'E21' || t.step === 'E22'),
        );
      }, 'E21 or E22');
      if (open.step === 'E22') break;
      assessments += 1;
      if (assessments > 3) throw new Error(`more than 3 probation assessments with a zero-length probation`);
      await submit(caseId, 'E21', { summary: '合格' });
    }
    await submit(caseId, 'E22', { applicationDate: today });
    await submit(caseId, 'E23', { ...vote, resolution: 'full' });
    await approve(partyGroup, caseId, 'E24-PG');
    await approve(upperCommittee, caseId, 'E24');
    const last = await submit(caseId, 'E25', { archivedTo: '人事档案' });
    expect(last.caseStatus).toBe('completed');

    const view = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens['u-admin'] });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'completed', policyVersion: '2026.1-drill' });
    const dates = view.body.data.dates as Record<string, string>;
    expect(dates.fullMember).toBe(dates.probationEnd);
    expect(dates.probationEnd).toBe(dates.admissionVote); // drill: zero-length probation
    const rows = await stack.database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.personId, PERSON), eq(memberships.orgId, BRANCH)));
    expect(rows.find((r) => r.status === 'full')).toMatchObject({ since: dates.fullMember, until: null });
    const summary = await http.eventually(async () => {
      const res = await http.call('GET', `/api/admission-cases?personId=${PERSON}&status=completed`, {
        token: tokens['u-admin'],
      });
      return res.body.total === 1 ? res.body.items[0] : undefined;
    }, 'the completed case in the admin list');
    expect(summary).toMatchObject({ caseId, stage: 'E25', personId: PERSON });
    // now a member: a new application is refused by the registry check
    const member = await http.call('POST', '/api/admission-cases', {
      token: tokens[clerk],
      body: { orgId: BRANCH, personId: PERSON, applicationDate: today },
    });
    expect(member.status).toBe(422);
    expect(member.body.code).toBe('ALREADY_MEMBER');
  });

  it('starts exactly one case of two concurrent applications for a person at two branches', async () => {
    const today = localToday();
    const other = DEMO_IDS.applicants.first; // no work unit recorded: either branch may receive the application
    const apply = (user: string, orgId: string) =>
      http.call('POST', '/api/admission-cases', {
        token: tokens[user],
        body: { orgId, personId: other, applicationDate: today },
      });
    const [budget, treasury] = await Promise.all([apply(clerk, BRANCH), apply('u-admin', O.treasuryBranch)]);
    expect([budget.status, treasury.status].sort()).toEqual([201, 409]);
    const [won, lost] = budget.status === 201 ? [budget, treasury] : [treasury, budget];
    expect(lost.body).toMatchObject({ code: 'ADMISSION_CASE_EXISTS', numbers: { caseId: won.body.caseId } });
    // only the winner runs in Temporal
    const loserId = `admission:${won.body.orgId === BRANCH ? O.treasuryBranch : BRANCH}:${other}`;
    const missing = await http.call('GET', `/api/cases/${encodeURIComponent(loserId)}`, { token: tokens['u-admin'] });
    expect(missing.status).toBe(404);
    const running = await http.call('GET', `/api/cases/${encodeURIComponent(won.body.caseId)}`, {
      token: tokens['u-admin'],
    });
    expect(running.body).toMatchObject({ status: 'active', orgId: won.body.orgId });
    // while it runs, a third branch is refused too, with the running case's id and branch
    const third = await apply('u-admin', O.officeBranch);
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({
      code: 'ADMISSION_CASE_EXISTS',
      numbers: { caseId: won.body.caseId, orgId: won.body.orgId },
    });
  });
});
