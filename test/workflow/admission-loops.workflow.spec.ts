import { and, eq } from 'drizzle-orm';
import { cancelCaseUpdate, caseStateQuery, decideTaskUpdate, type CaseState } from '../../libs/contracts';
import { addToDate } from '../../libs/domain';
import { tasks } from '../../libs/db';
import {
  BRANCH,
  admin,
  branchClerk,
  branchCommittee,
  datesOf,
  decide,
  events,
  flagsOf,
  membershipRows,
  partyGroup,
  passingVote,
  refusal,
  skipUntilTask,
  startAdmission,
  throughActivist,
  throughAdmissionForm,
  throughCandidate,
  throughOath,
  throughProbation,
  twoIntroducers,
  untilAdmissionVote,
  untilProbation,
  upperClerk,
  upperCommittee,
  useHarness,
  waitForState,
  waitForTask,
  PRACTICE_PACK,
  skip,
} from './harness/admission-harness';

jest.setTimeout(60_000);

describe('admission workflow loops, compliance flags and the drill profile (time-skipping)', () => {
  const h = useHarness();
  const start = (opts: { policyVersion?: string } = {}) => startAdmission(h, { ...opts, serverClock: true });

  it('flags talkOverdue once when the step-2 talk is not held within a month of the application', async () => {
    const { handle } = await start();
    await waitForTask(handle, 'E2');
    await skip(h, '25 days');
    expect(flagsOf(await handle.query(caseStateQuery))).toEqual([]);
    await skip(h, '10 days');
    const flagged = await waitForState(handle, (s) => flagsOf(s).includes('talkOverdue'));
    expect(flagged.data.compliance).toMatchObject({
      talkOverdue: {
        applicationDate: datesOf(flagged).application,
        dueDate: addToDate(datesOf(flagged).application!, { months: 1 }),
      },
    });
    await decide(handle, 'E2', branchClerk, 'submit', { talkerId: 'p-fin-b04' });
    await decide(handle, 'E3', branchCommittee, 'reject', undefined, '暂不确定');
    const final: CaseState = await handle.result();
    expect(flagsOf(final)).toEqual(['talkOverdue']);
    expect(events(final, 'compliance.flagged')).toHaveLength(1);
    expect(events(final, 'compliance.flagged')[0]).toMatchObject({ step: 'E2', outcome: 'talkOverdue' });
  });

  it('cancels activist status at a half-yearly assessment (step 6), a reason required', async () => {
    const { handle } = await start();
    await throughActivist(handle);
    const e6 = await skipUntilTask(h, handle, 'E6');
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, {
          args: [{ actor: branchClerk, taskId: e6.taskId, outcome: 'submit', payload: { cancel: true } }],
        }),
      ),
    ).toBe('PAYLOAD_INVALID');
    await decide(handle, 'E6', branchClerk, 'submit', { cancel: true, reason: '考察期间表现不合格' });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('rejected');
    expect(final.closeReason).toBe('activistCancelled');
    expect(final.data.rejection).toMatchObject({ reason: 'activistCancelled', comment: '考察期间表现不合格' });
    expect(datesOf(final).candidate).toBeUndefined();
    expect(flagsOf(final)).toEqual([]);
  });

  it('ends the round when the political review fails (step 10)', async () => {
    const { handle } = await start();
    await throughActivist(handle);
    await throughCandidate(h, handle);
    await decide(handle, 'E9', branchClerk, 'submit', twoIntroducers);
    await decide(handle, 'E10', branchClerk, 'submit', { conclusion: 'fail' }, '政治审查不合格：隐瞒重要社会关系');
    const final: CaseState = await handle.result();
    expect(final.status).toBe('rejected');
    expect(final.closeReason).toBe('politicalReviewFailed');
    // H-15: the reviewer's text is not copied into the case's rejection (a neutral reason only) …
    expect(JSON.stringify(final.data.rejection)).not.toContain('隐瞒');
    expect(final.data.rejection).toMatchObject({
      rule: 'RULES §E step 10',
      comment: '政治审查未通过，本轮不能发展（审查意见限阅）',
    });
    // … nor into the inbox, which every user of the branch reads; the timeline (cleared readers) keeps it
    const [row] = await h.database.db
      .select({ comment: tasks.comment, outcome: tasks.outcome })
      .from(tasks)
      .where(and(eq(tasks.caseId, final.caseId), eq(tasks.step, 'E10')));
    expect(row).toEqual({ comment: null, outcome: 'submit' });
    expect(events(final, 'task.decided').find((e) => e.step === 'E10')?.comment).toBe(
      '政治审查不合格：隐瞒重要社会关系',
    );
    expect(datesOf(final).politicalReview).toBeDefined();
    expect(final.timeline.some((e) => e.step === 'E11')).toBe(false);
  });

  it('sends the candidate back to cultivation when the branch committee review finds them unqualified (step 12)', async () => {
    const { handle } = await start();
    await throughActivist(handle);
    await throughCandidate(h, handle);
    await decide(handle, 'E9', branchClerk, 'submit', twoIntroducers);
    await decide(handle, 'E10', branchClerk, 'submit', { conclusion: 'pass' });
    await decide(handle, 'E11', branchClerk, 'submit', { hours: 24 });
    await decide(handle, 'E12', branchCommittee, 'reject', undefined, '条件尚不具备');
    const back = await waitForState(handle, (s) => events(s, 'candidate.backToCultivation').length === 1);
    expect(back.status).toBe('active');
    expect(back.stage).toBe('E6');
    expect(back.timeline.some((e) => e.step === 'E13')).toBe(false);
    // the next assessment is due one interval (6 months) after the review, on the case's own timer
    await skip(h, '170 days');
    expect((await handle.query(caseStateQuery)).pendingTasks).toEqual([]);
    await skipUntilTask(h, handle, 'E6', 30);
    await handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: admin, reason: '测试结束' }] });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('cancelled');
  });

  it('rejects when the upper committee does not approve the admission (step 17); no membership is written', async () => {
    const { handle, personId } = await start();
    await untilAdmissionVote(h, handle);
    await decide(handle, 'E15', branchClerk, 'submit', passingVote);
    await decide(handle, 'E16', upperClerk, 'submit', { talkerId: 'p-fin-b02', opinion: '不同意' });
    await decide(handle, 'E17-PG', partyGroup, 'approve');
    await decide(handle, 'E17', upperCommittee, 'reject', undefined, '谈话意见为不同意');
    const final: CaseState = await handle.result();
    expect(final.status).toBe('rejected');
    expect(final.closeReason).toBe('approvalRejected');
    expect(datesOf(final).approval).toBeUndefined();
    expect(datesOf(final).admissionVote).toBeDefined();
    expect(await membershipRows(h, personId)).toEqual([]);
    expect(flagsOf(final)).toEqual([]);
  });

  it('flags a probation left without a decision, then cancels probationary status on approval (steps 23–24)', async () => {
    // the conversion meeting deadlines are practice (RULES H-9): adopted by the practice pack
    const { handle, personId } = await start({ policyVersion: PRACTICE_PACK });
    await untilProbation(h, handle);
    await throughProbation(h, handle);
    await waitForTask(handle, 'E23');
    const atEnd = await handle.query(caseStateQuery);
    expect(flagsOf(atEnd)).toEqual([]);
    const probationEnd = datesOf(atEnd).probationEnd!;
    await skip(h, '40 days');
    const flagged = await waitForState(handle, (s) => flagsOf(s).includes('probationEndedWithoutDecision'));
    expect(flagged.data.compliance).toMatchObject({
      probationEndedWithoutDecision: { probationEnd, dueDate: addToDate(probationEnd, { months: 1 }) },
    });
    await decide(handle, 'E23', branchClerk, 'submit', { ...passingVote, resolution: 'cancel' }, '预备期间违反纪律');
    await decide(handle, 'E24-PG', partyGroup, 'approve');
    await decide(handle, 'E24', upperCommittee, 'approve');
    const final: CaseState = await handle.result();
    expect(final.status).toBe('rejected');
    expect(final.closeReason).toBe('probationCancelled');
    expect(flagsOf(final)).toEqual(['probationEndedWithoutDecision']);
    expect(events(final, 'compliance.flagged')).toHaveLength(1);
    const d = datesOf(final);
    expect(d.fullMember).toBeUndefined();
    expect(await membershipRows(h, personId)).toEqual([
      { orgId: BRANCH, status: 'probationary', since: d.admissionVote, until: d.conversionApproval },
    ]);
  });

  it('walks a whole case under the drill profile: one activist assessment, no probation assessments', async () => {
    const { handle } = await start({ policyVersion: '2026.1-drill' });
    await throughActivist(handle);
    // zero assessment interval: the one cultivation assessment is due at once, then step 7 opens at once
    await decide(handle, 'E6', branchClerk, 'submit', { summary: '演练考察' });
    await decide(handle, 'E7', branchCommittee, 'approve');
    await decide(handle, 'E8', upperCommittee, 'approve');
    await throughAdmissionForm(handle);
    await decide(handle, 'E15', branchClerk, 'submit', passingVote);
    await throughOath(handle);
    // zero probation: the application for full membership opens right after the oath, with no E21 task
    await decide(handle, 'E22', branchClerk, 'submit', { summary: '转正申请' });
    await decide(handle, 'E23', branchClerk, 'submit', { ...passingVote, resolution: 'full' });
    await decide(handle, 'E24-PG', partyGroup, 'approve');
    await decide(handle, 'E24', upperCommittee, 'approve');
    await decide(handle, 'E25', branchClerk, 'submit');
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    const decided = events(final, 'task.decided').map((e) => e.step);
    expect(decided.filter((s) => s === 'E6')).toHaveLength(1);
    expect(decided.filter((s) => s === 'E21')).toHaveLength(0);
    const d = datesOf(final);
    expect(d.probationEnd).toBe(d.admissionVote);
    expect(d.fullMember).toBe(d.admissionVote);
    expect(final.policyVersion).toBe('2026.1-drill');
  });
});
