import { eq } from 'drizzle-orm';
import { DEMO_IDS, IdentityRepository, memberships, seedTestRoster } from '../../libs/db';
import { caseSteps, drillToday, useAdmissionStack, type BranchRoles } from './harness/admission-driver';
import type { HttpResult } from './harness/http-client';

jest.setTimeout(240_000);

const O = DEMO_IDS.orgs;
/** sending side: 预算处党支部 under 财政厅机关党委 (财政厅党组 first) */
const FROM = O.budgetBranch;
/** receiving side: 政策法规处党支部 under 教育厅机关党委 (教育厅党组 first) — another department, other approvers */
const TO = O.eduPolicyBranch;
const PERSON = DEMO_IDS.applicants.budget;
const caseId = `admission:${FROM}:${PERSON}`;

const fromClerk = DEMO_IDS.secretaries.budgetBranch;
const fromCommittee = DEMO_IDS.users.budgetBranchApprover;
const fromUpper = DEMO_IDS.users.financeOrganCommitteeApprover; // the sending branch's upper committee: may transfer
const toClerk = DEMO_IDS.secretaries.eduPolicyBranch;
/** the demo seed has no approver at 政策法规处党支部: the test grants one (its branch committee, E7 and E12) */
const toCommittee = 'u-e2e-edu-policy-committee';
const toUpperClerk = DEMO_IDS.secretaries.eduOrganCommittee; // E16
const toUpper = DEMO_IDS.users.eduOrganCommitteeApprover; // approver and admin at 教育厅机关党委
const toPartyGroup = DEMO_IDS.users.eduPartyGroupApprover;
const admin = DEMO_IDS.users.admin;
const toRoles: BranchRoles = { clerk: toClerk, committee: toCommittee, upper: toUpper, partyGroup: toPartyGroup };

/**
 * Branch general meeting of 政策法规处党支部: 8 seeded full members with voting rights (1 probationary) plus one the test
 * adds, so the receiving branch's entitled count (9) differs from the sending branch's (8).
 */
const vote = { entitled: 9, present: 8, forVotes: 6 };

describe('admission transfer over HTTP against the real workflow (dev server, worker, PGlite, drill policy)', () => {
  // both branches drill with zero waiting periods, set through the policy table version in the registry
  const e2e = useAdmissionStack({
    users: [fromClerk, fromCommittee, fromUpper, toClerk, toCommittee, toUpperClerk, toUpper, toPartyGroup, admin],
    drillOrgIds: [FROM, TO],
    prepare: async (stack) => {
      await new IdentityRepository(stack.database).upsertUser(
        {
          id: toCommittee,
          personId: 'p-edu-pol02',
          displayName: '政策法规处支部委员会委员',
          email: `${toCommittee}@example.gov.cn`,
        },
        [{ role: 'approver', at: TO }],
      );
      await seedTestRoster(stack.database, { orgId: TO, full: 1, prefix: 'p-e2e-edu-pol' });
    },
  });
  const { http, tokens } = e2e;
  const { approve, decide, inbox, openTask, submit, throughAdmissionForm, throughFullMembership } = caseSteps(
    e2e,
    caseId,
  );
  const transfer = (user: string, body: Record<string, unknown>, key?: string): Promise<HttpResult> =>
    http.call('POST', `/api/admission-cases/${encodeURIComponent(caseId)}/transfer`, {
      token: tokens[user],
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });
  const caseView = async () => {
    const res = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens[admin] });
    expect(res.status).toBe(200);
    return res.body as { orgId: string; orgPath: string[]; stage: string; status: string; data: any };
  };
  const listed = (user: string, query: string) =>
    http.call('GET', `/api/admission-cases?personId=${PERSON}${query}`, { token: tokens[user] });

  it('moves an activist to a branch of another department, keeps the dates and admits her there', async () => {
    // the organization's calendar day (China, UTC+8), the one the workflow dates its steps with
    const today = drillToday();
    const toBranch = { toOrgId: TO, effectiveDate: today, reason: '工作调动', documentNo: '组转〔2026〕7号' };
    const started = await http.call('POST', '/api/admission-cases', {
      token: tokens[fromClerk],
      body: { orgId: FROM, personId: PERSON, applicationDate: today },
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      caseId,
      policyVersion: '2026.1-drill',
      upperCommitteeId: O.financeOrganCommittee,
    });

    // before the activist decision the case cannot move (RULES §E step 21: from step 4)
    await openTask(fromClerk, 'E2');
    const tooEarly = await transfer(admin, toBranch);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body).toMatchObject({
      code: 'TRANSFER_STAGE_NOT_ALLOWED',
      numbers: { stage: 'E2', activistFrom: 4, activistTo: 11, probationFrom: 19, probationTo: 22 },
    });

    // Stage 1–2 at the sending branch, up to the first activist assessment (step 6)
    await submit(fromClerk, 'E2', { talkerId: 'p-fin-b04' });
    await approve(fromCommittee, 'E3');
    await approve(fromUpper, 'E4');
    await submit(fromClerk, 'E5', { contactIds: ['p-fin-b01', 'p-fin-b02'] });
    const e6 = await openTask(fromClerk, 'E6');
    const before = await caseView();
    expect(before).toMatchObject({ orgId: FROM, stage: 'E6' });
    const activistDate: string = before.data.dates.activist;
    expect(activistDate).toBe(today);
    expect(await inbox(toClerk)).toEqual([]);
    expect((await listed(toUpper, '').then((r) => r.body)).total).toBe(0); // not yet in the receiving subtree

    // refusals, each with its status and code, and none of them moves the case
    const same = await transfer(admin, { ...toBranch, toOrgId: FROM });
    expect([same.status, same.body.code]).toEqual([400, 'TRANSFER_SAME_ORG']);
    expect(same.body.numbers).toMatchObject({ field: 'toOrgId', orgId: FROM });
    const outsider = await transfer(toPartyGroup, toBranch);
    expect([outsider.status, outsider.body.code]).toEqual([403, 'NOT_AUTHORIZED_FOR_TRANSFER']);
    // nor the sending branch's own submitter: the rule names the upper committee with approval authority (RULES §A.3)
    const ownClerk = await transfer(fromClerk, toBranch);
    expect(ownClerk.status).toBe(403);
    expect(ownClerk.body).toMatchObject({
      code: 'NOT_AUTHORIZED_FOR_TRANSFER',
      numbers: { userId: fromClerk, upperCommitteeId: O.financeOrganCommittee },
    });
    const postponed = await transfer(fromUpper, { ...toBranch, postponeMonths: 3 });
    expect(postponed.status).toBe(422);
    expect(postponed.body).toMatchObject({
      code: 'TRANSFER_POSTPONEMENT_NOT_PROBATIONARY',
      rule: 'RULES §E step 21',
      numbers: { months: 3 },
    });
    expect(postponed.body.messageEn).toContain('3 months');
    const backdated = await transfer(fromUpper, { ...toBranch, effectiveDate: '2020-01-01' });
    expect(backdated.status).toBe(422);
    expect(backdated.body.code).toBe('TRANSFER_BEFORE_LAST_STEP');
    expect((await caseView()).orgId).toBe(FROM);

    // the sending branch's upper committee moves the case (organization transfer letter)
    const moved = await transfer(fromUpper, toBranch, 'move-1');
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ caseId, orgId: TO, stage: 'E6', discussionFrom: null });
    // a retried click with the same key answers the same, and does not move the case twice
    const retried = await transfer(fromUpper, toBranch, 'move-1');
    expect(retried).toEqual(moved);

    // the open assessment is now the receiving branch's, with the same task id, and gone from the sender's inbox
    const received = await http.eventually(async () => (await inbox(toClerk)).find((t) => t.step === 'E6'), 'E6 at TO');
    expect(received).toMatchObject({ taskId: e6.taskId, assignedBodyId: TO });
    await http.eventually(async () => ((await inbox(fromClerk)).length === 0 ? true : undefined), 'empty FROM inbox');
    const stale = await decide(fromClerk, e6.taskId, {
      outcome: 'submit',
      payload: { summary: '转出' },
    });
    expect(stale.status).toBe(403);
    expect(stale.body).toMatchObject({ code: 'NOT_ASSIGNED', numbers: { taskId: e6.taskId, assignedBodyId: TO } });

    // the case view, the transfer record and the admin lists follow the case to the receiving org
    const after = await caseView();
    expect(after).toMatchObject({ orgId: TO, stage: 'E6', status: 'active' });
    expect(after.orgPath).toEqual([TO, O.eduOrganCommittee, O.workCommittee]);
    expect(after.data.transfers).toEqual([
      expect.objectContaining({
        fromOrgId: FROM,
        toOrgId: TO,
        fromUpperCommitteeId: O.financeOrganCommittee,
        toUpperCommitteeId: O.eduOrganCommittee,
        effectiveDate: today,
        phase: 'activist',
        postponeMonths: 0,
        actorId: fromUpper,
        movedTaskIds: [e6.taskId],
      }),
    ]);
    const summary = await http.eventually(async () => {
      const res = await listed(admin, '');
      return res.body.items?.[0]?.orgId === TO ? res.body.items[0] : undefined;
    }, 'the moved case in the admin list');
    expect(summary).toMatchObject({ caseId, orgId: TO, stage: 'E6', status: 'active', personId: PERSON });
    expect((await listed(toUpper, `&orgId=${O.eduOrganCommittee}`)).body).toMatchObject({ total: 1 });
    expect((await listed(admin, `&orgId=${O.financeOrganCommittee}`)).body).toMatchObject({ total: 0 });
    // rights follow the present (issue 8 §4): the sending branch's secretary who filed the case, its committee and its
    // upper committee no longer read it, and the secretary can no longer withdraw it
    for (const user of [fromClerk, fromCommittee, fromUpper]) {
      const res = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens[user] });
      expect([user, res.status, res.body.code]).toEqual([user, 403, 'NOT_VISIBLE']);
      expect((await listed(user, '')).body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
    }
    const oldWithdraw = await http.call('POST', `/api/cases/${encodeURIComponent(caseId)}/withdraw`, {
      token: tokens[fromClerk],
      body: { reason: '转出后撤回' },
    });
    expect(oldWithdraw.status).toBe(403);
    const sameAgain = await transfer(toUpper, { ...toBranch, toOrgId: TO });
    expect([sameAgain.status, sameAgain.body.code]).toEqual([400, 'TRANSFER_SAME_ORG']);
    // the sending side's upper committee no longer has a say in the case
    const formerUpper = await transfer(fromUpper, { ...toBranch, toOrgId: FROM });
    expect(formerUpper.status).toBe(403);
    expect(formerUpper.body).toMatchObject({
      code: 'NOT_AUTHORIZED_FOR_TRANSFER',
      numbers: { upperCommitteeId: O.eduOrganCommittee },
    });

    // Stage 2–3 at the receiving branch and its upper committee
    await submit(toClerk, 'E6', { summary: '接收方考察合格' });
    await approve(toCommittee, 'E7');
    const e8 = await http.eventually(async () => (await inbox(toUpper)).find((t) => t.step === 'E8'), 'E8 at TO upper');
    expect(e8.assignedBodyId).toBe(O.eduOrganCommittee);
    await approve(toUpper, 'E8');
    await throughAdmissionForm(toRoles, { introducers: ['p-edu-pol02', 'p-edu-pol03'], formNo: 'RD-2026-EDU-001' });
    // Stage 4: the vote counts the receiving branch's registry (9 voting full members), not the sender's (8)
    const e15 = await openTask(toClerk, 'E15');
    const senderCount = await decide(toClerk, e15.taskId, {
      outcome: 'submit',
      payload: { ...vote, entitled: 8 },
    });
    expect(senderCount.status).toBe(422);
    expect(senderCount.body).toMatchObject({
      code: 'ENTITLED_COUNT_MISMATCH',
      numbers: { entitled: 8, registryEntitled: 9 },
    });
    await submit(toClerk, 'E15', vote);
    // past the vote no transfer: the candidate is admitted where the branch voted
    const midVote = await transfer(admin, { ...toBranch, toOrgId: FROM });
    expect([midVote.status, midVote.body.code]).toEqual([409, 'TRANSFER_STAGE_NOT_ALLOWED']);
    await submit(toUpperClerk, 'E16', { talkerId: 'p-edu-oc2' });
    await approve(toPartyGroup, 'E17-PG'); // 教育厅党组, not 财政厅党组
    await approve(toUpper, 'E17');
    // Stage 5
    const last = await throughFullMembership(toRoles, { today, vote });
    expect(last.caseStatus).toBe('completed');

    // the dates were kept across the transfer; the registry places the member at the receiving branch
    const done = await caseView();
    expect(done).toMatchObject({ status: 'completed', orgId: TO });
    const dates = done.data.dates as Record<string, string>;
    expect(dates).toMatchObject({ application: today, activist: activistDate });
    expect(dates.fullMember).toBe(dates.probationEnd);
    const rows = await e2e.stack.database.db.select().from(memberships).where(eq(memberships.personId, PERSON));
    expect(rows.map((r) => ({ orgId: r.orgId, status: r.status, since: r.since, until: r.until }))).toEqual(
      expect.arrayContaining([
        { orgId: TO, status: 'probationary', since: dates.admissionVote, until: dates.probationEnd },
        { orgId: TO, status: 'full', since: dates.fullMember, until: null },
      ]),
    );
    expect(rows.filter((r) => r.orgId === FROM)).toEqual([]);
  });
});
