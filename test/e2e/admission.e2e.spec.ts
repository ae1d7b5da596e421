import { and, eq } from 'drizzle-orm';
import { DEMO_IDS, memberships } from '../../libs/db';
import { caseSteps, drillToday, useAdmissionStack, type BranchRoles } from './harness/admission-driver';

jest.setTimeout(240_000);

const O = DEMO_IDS.orgs;
const BRANCH = O.budgetBranch;
const PERSON = DEMO_IDS.applicants.budget;
const clerk = DEMO_IDS.secretaries.budgetBranch; // submitter at the branch: input steps
const branchCommittee = DEMO_IDS.users.budgetBranchApprover; // approver at the branch: E3, E7, E12
const upperClerk = DEMO_IDS.secretaries.financeOrganCommittee; // submitter at the organ committee: E16
const upperCommittee = DEMO_IDS.users.financeOrganCommitteeApprover; // approver at the organ committee
const partyGroup = DEMO_IDS.users.financePartyGroupApprover; // 财政厅党组 decides first (RULES §A.3)
const roles: BranchRoles = { clerk, committee: branchCommittee, upper: upperCommittee, partyGroup };

/** Branch general meeting of 预算处党支部: 8 full members with voting rights (1 probationary, 1 under 留党察看). */
const vote = { entitled: 8, present: 7, forVotes: 6 };

describe('member development end to end over HTTP (dev server, worker, PGlite, drill policy)', () => {
  // the branch drills with zero waiting periods, set through the policy table version in the registry
  const e2e = useAdmissionStack({
    users: [clerk, branchCommittee, upperClerk, upperCommittee, partyGroup, 'u-admin'],
    drillOrgIds: [BRANCH],
  });
  const { http, tokens } = e2e;

  it('walks all 25 steps as the right users and makes the applicant a full member', async () => {
    const today = drillToday();
    const started = await http.call('POST', '/api/admission-cases', {
      token: tokens[clerk],
      body: { orgId: BRANCH, personId: PERSON, applicationDate: today, note: '书面申请' },
    });
    expect(started.status).toBe(201);
    const caseId = `admission:${BRANCH}:${PERSON}`;
    const { approve, decide, openTask, submit, throughAdmissionForm, throughFullMembership } = caseSteps(e2e, caseId);
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
    await submit(clerk, 'E2', { talkerId: 'p-fin-b04' });
    await approve(branchCommittee, 'E3');
    await approve(upperCommittee, 'E4');
    // the registry check refuses a probationary contact before the workflow sees it
    const e5 = await openTask(clerk, 'E5');
    const badContact = await decide(clerk, e5.taskId, {
      outcome: 'submit',
      payload: { contactIds: ['p-fin-b09'] },
    });
    expect(badContact.status).toBe(422);
    expect(badContact.body).toMatchObject({ code: 'CONTACT_NOT_FULL_MEMBER', numbers: { personId: 'p-fin-b09' } });
    await submit(clerk, 'E5', { contactIds: ['p-fin-b01', 'p-fin-b02'] });
    // a contact leaves: the branch names another (RULES §E step 5), checked against the registry first
    await openTask(clerk, 'E6');
    const contactsUrl = `/api/admission-cases/${encodeURIComponent(caseId)}/contacts`;
    const newContacts = { contactIds: ['p-fin-b01', 'p-fin-b05'], reason: 'p-fin-b02工作调动' };
    const probationary = await http.call('POST', contactsUrl, {
      token: tokens[clerk],
      body: { ...newContacts, contactIds: ['p-fin-b01', 'p-fin-b09'] },
    });
    expect(probationary.status).toBe(422);
    expect(probationary.body).toMatchObject({ code: 'CONTACT_NOT_FULL_MEMBER', numbers: { personId: 'p-fin-b09' } });
    const notTheirs = await http.call('POST', contactsUrl, { token: tokens[upperCommittee], body: newContacts });
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.code).toBe('NOT_AUTHORIZED_FOR_CONTACT_CHANGE');
    const headers = { 'idempotency-key': 'contacts-1' };
    const changed = await http.call('POST', contactsUrl, { token: tokens[clerk], body: newContacts, headers });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      fromContactIds: ['p-fin-b01', 'p-fin-b02'],
      toContactIds: ['p-fin-b01', 'p-fin-b05'],
      stage: 'E6',
    });
    // a retried click is answered with the first result, not refused as "unchanged"
    const retried = await http.call('POST', contactsUrl, { token: tokens[clerk], body: newContacts, headers });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(changed.body);
    const unchanged = await http.call('POST', contactsUrl, { token: tokens[clerk], body: newContacts });
    expect(unchanged.status).toBe(400);
    expect(unchanged.body.code).toBe('CONTACTS_UNCHANGED');
    await submit(clerk, 'E6', { summary: '表现良好' });
    // Stage 3
    await approve(branchCommittee, 'E7');
    await approve(upperCommittee, 'E8');
    // steps 9–14 (stages 3–4)
    await throughAdmissionForm(roles, { introducers: ['p-fin-b01', 'p-fin-b02'], formNo: 'RD-2026-001' });
    const e15 = await openTask(clerk, 'E15');
    const wrongCount = await decide(clerk, e15.taskId, {
      outcome: 'submit',
      payload: { ...vote, entitled: 10 },
    });
    expect(wrongCount.status).toBe(422);
    expect(wrongCount.body).toMatchObject({
      code: 'ENTITLED_COUNT_MISMATCH',
      numbers: { entitled: 10, registryEntitled: 8 },
    });
    await submit(clerk, 'E15', vote);
    await submit(upperClerk, 'E16', { talkerId: 'p-fin-b02' });
    await approve(partyGroup, 'E17-PG');
    await approve(upperCommittee, 'E17');
    // Stage 5: oath, probation (zero under the drill policy), full membership, archive
    const last = await throughFullMembership(roles, { today, vote });
    expect(last.caseStatus).toBe('completed');

    const view = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens['u-admin'] });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'completed', policyVersion: '2026.1-drill' });
    const dates = view.body.data.dates as Record<string, string>;
    expect(dates.fullMember).toBe(dates.probationEnd);
    expect(dates.probationEnd).toBe(dates.admissionVote); // drill: zero-length probation
    const rows = await e2e.stack.database.db
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
    const today = drillToday();
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
