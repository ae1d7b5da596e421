import { WorkflowNotFoundError } from '@temporalio/client';
import { caseStateQuery, decideTaskUpdate, openMeetingUpdate, workflowIds, type CaseState } from '../../libs/contracts';
import { addToDate, getPolicy, localDate, localMidnight, CURRENT_POLICY_VERSION } from '../../libs/domain';
import {
  PRACTICE_PACK,
  branchClerk,
  branchCommittee,
  datesOf,
  decide,
  passingVote,
  refusal,
  serverToday,
  skipUntilTask,
  startAdmission,
  throughActivist,
  untilAdmissionVote,
  upperCommittee,
  useHarness,
  waitForState,
  waitForTask,
} from './harness/admission-harness';
import { actor, establishmentRequest, serverNow, startEstablishment, skip } from './harness/workflow-harness';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  candidates,
  decide as decideTerm,
  financePartyGroup,
  meeting,
  seedTermOrg,
  startTermElection,
  upperApprover,
} from './harness/term-election-harness';
import { and, eq } from 'drizzle-orm';
import { memberships } from '../../libs/db';

// Time-skipping tests of the rule book (issue 10): items 1 (temporary branch), 5 (practice timers), 7 (back-dated
// minimum periods) and date timers at local midnight. Item 3 (step 17) is in admission.workflow.spec.ts.

jest.setTimeout(120_000);

/** The refusal of an update: its failure (type = rule code, details[0] = the violation). */
async function refusalOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

const policy = getPolicy(CURRENT_POLICY_VERSION);
const clerk = actor('u-clerk', [{ role: 'submitter', at: 'org-wc' }]);
const pgEdu = actor('u-pg-edu', [{ role: 'approver', at: 'pg-edu' }]);
const workCommittee = actor('u-wc-approver', [{ role: 'approver', at: 'org-wc' }]);

describe('rule book on the time-skipping server', () => {
  const h = useHarness();

  it('gives a temporary branch designated leaders and no term clock (RULES §B.1, item 1)', async () => {
    const request = establishmentRequest({
      name: '专项工作临时党支部',
      proposedType: 'temporaryBranch',
      committeeSeats: 0,
    });
    const { handle, orgId } = await startEstablishment(h, { request });
    const step = async (s: string, who: typeof clerk, outcome: string, payload?: Record<string, unknown>) => {
      const task = await waitForTask(handle, s);
      await handle.executeUpdate(decideTaskUpdate, {
        args: [{ actor: who, taskId: task.taskId, outcome: outcome as never, ...(payload ? { payload } : {}) }],
      });
    };
    await step('C2', pgEdu, 'approve');
    await step('C4', clerk, 'submit', { discussionDate: await serverToday(h), summary: '酝酿' });
    await step('C5', workCommittee, 'approve');
    await step('C7', clerk, 'submit', { secretaryId: request.rosterPersonIds[0] });
    await step('C9', workCommittee, 'approve', { replyNo: '工委〔2026〕9号' });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.timeline.some((e) => e.event === 'organization.activated')).toBe(true);
    await expect(h.env.client.workflow.getHandle(workflowIds.termClock(orgId)).describe()).rejects.toThrow(
      WorkflowNotFoundError,
    );
  });

  it('refuses a recorded date after today: the C4 discussion and the election meeting (recorded dates are facts)', async () => {
    const request = establishmentRequest({ name: '记录日期测试处党支部' });
    const { handle, orgId } = await startEstablishment(h, { request });
    const step = (s: string, who: typeof clerk, outcome: string, payload?: Record<string, unknown>) =>
      waitForTask(handle, s).then((task) =>
        handle.executeUpdate(decideTaskUpdate, {
          args: [{ actor: who, taskId: task.taskId, outcome: outcome as never, ...(payload ? { payload } : {}) }],
        }),
      );
    // "today" is the organization's calendar day (UTC+8): the day after it is refused whatever the UTC hour
    const today = localDate(await serverNow(h), policy);
    const tomorrow = addToDate(today, { days: 1 });
    await step('C2', pgEdu, 'approve');
    const c4 = await refusalOf(step('C4', clerk, 'submit', { discussionDate: tomorrow, summary: '酝酿' }));
    expect(c4).toMatchObject({
      type: 'RECORDED_DATE_IN_FUTURE',
      details: [{ rule: 'RULES §C.1 C4', numbers: { field: 'discussionDate', date: tomorrow, today } }],
    });
    await step('C4', clerk, 'submit', { discussionDate: today, summary: '酝酿' });
    await step('C5', workCommittee, 'approve');
    const election = h.env.client.workflow.getHandle(workflowIds.foundingElection(orgId));
    await waitForState(handle, (s) => s.stage === 'C6' && !!s.data.electionWorkflowId);
    const open = (meetingDate: string) =>
      election.executeUpdate(openMeetingUpdate, {
        args: [
          {
            actor: clerk,
            input: { meetingDate, presentVoterIds: [], scrutineerIds: [], tellerIds: [], exclusions: [] },
          },
        ],
      });
    expect(await refusal(open(tomorrow))).toBe('RECORDED_DATE_IN_FUTURE');
    expect(await open(today)).toMatchObject({ quorumMet: false, present: 0 });
    await handle.terminate('test done');
  });

  it('checks the seats against the roster at a term election: 7 full members for a committee (RULES §B.1, item 2)', async () => {
    const prep = (seats: number) => ({
      plannedElectionDate: '2027-04-20',
      seats,
      nominationMethod: '党小组推荐',
      electionRules: '差额选举，无记名投票',
      workReport: '本届工作报告',
    });
    const small = await seedTermOrg(h, { full: 6, termEnd: '2027-05-20' });
    const shrunk = (await startTermElection(h, small)).handle;
    await decideTerm(shrunk, 'E0', upperApprover, 'approve');
    expect(await refusal(decideTerm(shrunk, 'E1', small.clerk, 'submit', prep(3)))).toBe(
      'ELECTION_COMMITTEE_MIN_FULL_MEMBERS',
    );
    await decideTerm(shrunk, 'E1', small.clerk, 'submit', prep(0));
    await waitForTask(shrunk, 'E2');

    const grown = await seedTermOrg(h, { full: 9, termEnd: '2027-05-20' });
    const handle = (await startTermElection(h, grown)).handle;
    await decideTerm(handle, 'E0', upperApprover, 'approve');
    expect(await refusal(decideTerm(handle, 'E1', grown.clerk, 'submit', prep(8)))).toBe('COMMITTEE_SIZE_OUT_OF_RANGE');
    await decideTerm(handle, 'E1', grown.clerk, 'submit', prep(0));
    const advised = await waitForState(handle, (s) => s.timeline.some((e) => e.event === 'committee.advised'));
    expect(advised.timeline.find((e) => e.event === 'committee.advised')?.detail).toMatchObject({
      violation: { code: 'BRANCH_COMMITTEE_EXPECTED', numbers: { fullMembers: 9, required: 7 } },
    });
  });

  it('checks the seats again on the roster of the meeting date: a branch fallen below 7 full members prepares again (RULES §B.1, §D.3, item 2)', async () => {
    const prep = (seats: number) => ({
      plannedElectionDate: '2027-04-20',
      seats,
      nominationMethod: '党小组推荐',
      electionRules: '差额选举，无记名投票',
      workReport: '本届工作报告',
    });
    const org = await seedTermOrg(h, { full: 7, termEnd: '2027-05-20' });
    const { handle } = await startTermElection(h, org);
    const slate = org.fullIds.slice(0, 4);
    await decideTerm(handle, 'E0', upperApprover, 'approve');
    await decideTerm(handle, 'E1', org.clerk, 'submit', prep(3)); // 7 full members on the E1 day: a committee
    await decideTerm(handle, 'E2', financePartyGroup, 'approve');
    await decideTerm(handle, 'E3', workCommittee, 'approve');
    await decideTerm(handle, 'E4', org.clerk, 'submit', {
      nominations: slate.map((personId) => ({ personId, name: personId, nominatedBy: '第一党小组' })),
    });
    await decideTerm(handle, 'E5', org.clerk, 'submit', {
      candidates: candidates(slate),
      secretaryNomineeId: slate[0],
    });
    await decideTerm(handle, 'E6', financePartyGroup, 'approve');
    await decideTerm(handle, 'E7', workCommittee, 'approve');
    const atMeeting = await waitForState(
      handle,
      (s) => s.stage === 'E8' && typeof s.data.electionWorkflowId === 'string',
    );
    const election = h.env.client.workflow.getHandle(String(atMeeting.data.electionWorkflowId));

    // Between E1 and the meeting a full member transferred out: 6 full members on the meeting date.
    const leaver = org.fullIds[6]!;
    await h.database.db
      .update(memberships)
      .set({ until: '2020-06-01' })
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.personId, leaver)));
    const meetingDate = localDate(await serverNow(h), policy);
    const failure = await refusalOf(
      meeting(election, org.clerk).open({ meetingDate, presentVoterIds: org.fullIds.slice(0, 6) }),
    );
    expect(failure.type).toBe('ELECTION_COMMITTEE_MIN_FULL_MEMBERS');
    expect(failure.details?.[0]).toMatchObject({
      rule: 'RULES §B.1',
      numbers: { fullMembers: 6, required: 7, seats: 3 },
    });
    const result = (await election.result()) as { status: string; seatsViolation: { code: string } };
    expect(result).toMatchObject({ status: 'failed', seatsViolation: { code: 'ELECTION_COMMITTEE_MIN_FULL_MEMBERS' } });

    // Back to the outgoing committee's preparation (E1), which now may not prepare a committee; seats 0 pass.
    const e1 = await waitForTask(handle, 'E1');
    expect(e1.titleEn).toContain('roster of the meeting date');
    expect(await refusal(decideTerm(handle, 'E1', org.clerk, 'submit', prep(3)))).toBe(
      'ELECTION_COMMITTEE_MIN_FULL_MEMBERS',
    );
    await decideTerm(handle, 'E1', org.clerk, 'submit', prep(0));
    const state = await waitForState(handle, (s) => s.stage === 'E2');
    expect(state.data.meetingSeatsViolation).toMatchObject({ numbers: { fullMembers: 6 } });
    expect(state.timeline.some((e) => e.event === 'election.failed' && e.step === 'E8')).toBe(true);
  });

  it('notes a preparation decided later than one month before the election is due (RULES §D.1, T − 2 to T − 1 months)', async () => {
    const prep = (plannedElectionDate: string) => ({
      plannedElectionDate,
      seats: 3,
      nominationMethod: '党小组推荐',
      electionRules: '差额选举，无记名投票',
      workReport: '本届工作报告',
    });
    const today = localDate(await serverNow(h), policy);
    // due in 20 days: the decision window closed 10 days ago
    const late = await seedTermOrg(h, { termEnd: addToDate(today, { days: 20 }) });
    const lateCase = (await startTermElection(h, late)).handle;
    await decideTerm(lateCase, 'E0', upperApprover, 'approve');
    await decideTerm(lateCase, 'E1', late.clerk, 'submit', prep(late.termEnd));
    const noted = await waitForState(lateCase, (s) => s.timeline.some((e) => e.event === 'preparation.late'));
    expect(noted.status).toBe('active');
    expect(noted.timeline.find((e) => e.event === 'preparation.late')?.detail).toMatchObject({
      violation: {
        code: 'ELECTION_PREPARATION_LATE',
        rule: 'RULES §D.1',
        numbers: { electionDue: late.termEnd, dueBy: addToDate(late.termEnd, { months: -1 }), decidedOn: today },
      },
    });
    await waitForTask(lateCase, 'E2'); // the election goes on
    // due in four months: decided in time, nothing noted
    const early = await seedTermOrg(h, { termEnd: addToDate(today, { months: 4 }) });
    const earlyCase = (await startTermElection(h, early)).handle;
    await decideTerm(earlyCase, 'E0', upperApprover, 'approve');
    await decideTerm(earlyCase, 'E1', early.clerk, 'submit', prep(early.termEnd));
    const onTime = await waitForState(earlyCase, (s) => s.stage === 'E2');
    expect(onTime.timeline.some((e) => e.event === 'preparation.late')).toBe(false);
    expect(onTime.data.preparationAdvice).toBeNull();
  });

  it('runs no practice deadline under 2026.1 and enforces the adopted ones in the practice pack (H-9, item 5)', async () => {
    const plain = await startAdmission(h, { serverClock: true });
    await throughActivist(plain.handle, h);
    const e5 = (await plain.handle.query(caseStateQuery)).timeline.find(
      (e) => e.event === 'task.opened' && e.step === 'E5',
    );
    expect(e5?.detail).toMatchObject({ dueAt: null });

    const practice = await startAdmission(h, { serverClock: true, policyVersion: PRACTICE_PACK });
    await decide(practice.handle, 'E2', branchClerk, 'submit', { talkerId: 'p-fin-b04' });
    // the 6-month wait from application to activist works when adopted (applicationToActivistMinEnabled)
    expect(await refusal(decide(practice.handle, 'E3', branchCommittee, 'approve'))).toBe(
      'APPLICATION_TOO_RECENT_FOR_ACTIVIST',
    );
    await skip(h, '190 days');
    await decide(practice.handle, 'E3', branchCommittee, 'approve');
    await decide(practice.handle, 'E4', upperCommittee, 'approve');
    const task = await waitForTask(practice.handle, 'E5');
    expect(task.dueAt!.slice(0, 10)).toBe(addToDate(task.createdAt.slice(0, 10), { months: 1 }));
  });

  it('checks the public notice before the admission vote in the E15 validator too (RULES §E step 13, H-9, practice pack)', async () => {
    const { handle } = await startAdmission(h, { serverClock: true, policyVersion: PRACTICE_PACK });
    await untilAdmissionVote(h, handle); // the working-day calendar knows the years around the server's clock
    await waitForTask(handle, 'E15');
    const today = await serverToday(h);
    // decided straight on the workflow, past the API edge
    expect(await refusal(decide(handle, 'E15', branchClerk, 'submit', passingVote))).toBe('PUBLIC_NOTICE_MISSING');
    const tooRecent = { ...passingVote, publicNoticeStartDate: addToDate(today, { days: -2 }) };
    expect(await refusal(decide(handle, 'E15', branchClerk, 'submit', tooRecent))).toBe('PUBLIC_NOTICE_NOT_ENDED');
    const opened = await handle.query(caseStateQuery);
    expect(opened.pendingTasks.some((t) => t.step === 'E15')).toBe(true);
    await decide(handle, 'E15', branchClerk, 'submit', {
      ...passingVote,
      publicNoticeStartDate: addToDate(today, { days: -25 }),
    });
    await waitForTask(handle, 'E16');
  });

  it('refuses a back-dated candidate date less than a year after the activist date (RULES §E step 7, item 7)', async () => {
    const { handle } = await startAdmission(h, { serverClock: true });
    await throughActivist(handle, h);
    await skipUntilTask(h, handle, 'E6');
    await decide(handle, 'E6', branchClerk, 'submit', { summary: '第1次考察' });
    const afterFirst = await handle.query(caseStateQuery);
    const activist = datesOf(afterFirst).activist!;
    const firstAssessment = (afterFirst.data.stepDates as { step: string; date: string }[]).at(-1)!.date;
    await skipUntilTask(h, handle, 'E6');
    // the second assessment is recorded on the date it took place, earlier than today
    await decide(handle, 'E6', branchClerk, 'submit', { summary: '第2次考察', assessmentDate: firstAssessment });
    await waitForTask(handle, 'E7');
    const tooEarly = addToDate(activist, { years: 1, days: -1 });
    expect(await refusal(decide(handle, 'E7', branchCommittee, 'approve', { date: tooEarly }))).toBe(
      'ACTIVIST_PERIOD_TOO_SHORT',
    );
    await decide(handle, 'E7', branchCommittee, 'approve', { date: addToDate(activist, { years: 1 }) });
    await waitForTask(handle, 'E8');
    expect(await refusal(decide(handle, 'E8', upperCommittee, 'approve', { date: tooEarly }))).toBe(
      'STEP_DATE_BEFORE_PREVIOUS',
    );
  });

  it('opens a dated step at local midnight, not at 08:00 in Beijing (issue 10: one calendar)', async () => {
    const { handle } = await startAdmission(h, { serverClock: true });
    await throughActivist(handle, h);
    const activist = datesOf(await handle.query(caseStateQuery)).activist!;
    const due = addToDate(activist, policy.activistAssessmentInterval);
    await skipUntilTask(h, handle, 'E6');
    const state = await waitForState(handle, (s) =>
      s.timeline.some((e) => e.event === 'task.opened' && e.step === 'E6'),
    );
    const opened = state.timeline.find((e) => e.event === 'task.opened' && e.step === 'E6')!;
    expect(localDate(opened.at, policy)).toBe(due);
    expect(Date.parse(opened.at)).toBeGreaterThanOrEqual(Date.parse(localMidnight(due, policy)));
    expect(Date.parse(opened.at)).toBeLessThan(Date.parse(`${due}T00:00:00.000Z`));
  });
});
