import {
  cancelCaseUpdate,
  caseStateQuery,
  decideTaskUpdate,
  withdrawCaseUpdate,
  type CaseState,
} from '../../libs/contracts';
import { addToDate, getPolicy, CURRENT_POLICY_VERSION } from '../../libs/domain';
import {
  BRANCH,
  admin,
  branchClerk,
  branchCommittee,
  branchMembershipRows,
  datesOf,
  decide,
  partyGroup,
  passingVote,
  refusal,
  serverToday,
  startAdmission,
  throughActivist,
  throughAdmissionForm,
  throughCandidate,
  throughProbation,
  untilAdmissionVote,
  untilProbation,
  upperClerk,
  upperCommittee,
  useHarness,
  waitForState,
  waitForTask,
  skip,
} from './harness/admission-harness';

jest.setTimeout(60_000);

const policy = getPolicy(CURRENT_POLICY_VERSION);

describe('admission workflow (发展党员) on the time-skipping server', () => {
  const h = useHarness();

  it('runs the whole 25-step path over about two and a half years of case time', async () => {
    const { handle, personId } = await startAdmission(h);
    const e2 = await waitForTask(handle, 'E2');
    expect(e2.assignedBodyId).toBe(BRANCH);
    expect(e2.dueAt!.slice(0, 10)).toBe(addToDate(e2.createdAt.slice(0, 10), policy.applicationTalkDeadline));
    await throughActivist(handle);
    // Before a full year as activist, no candidate step is open: the case waits for its own assessment timers.
    expect((await handle.query(caseStateQuery)).pendingTasks).toHaveLength(0);
    await throughCandidate(h, handle);
    await throughAdmissionForm(handle);
    await decide(handle, 'E15', branchClerk, 'submit', passingVote);
    await decide(handle, 'E16', upperClerk, 'submit', { talkerId: 'p-fin-b02', opinion: '同意' });
    const e17pg = await waitForTask(handle, 'E17-PG');
    expect(e17pg.assignedBodyId).toBe('pg-finance');
    expect(e17pg.dueAt!.slice(0, 10)).toBe(addToDate(e17pg.createdAt.slice(0, 10), { months: 3 }));
    await decide(handle, 'E17-PG', partyGroup, 'approve');
    await decide(handle, 'E17', upperCommittee, 'approve');
    await decide(handle, 'E20', branchClerk, 'submit', { place: '支部活动室' });
    expect(await branchMembershipRows(h, personId)).toEqual([
      { status: 'probationary', since: datesOf(await handle.query(caseStateQuery)).admissionVote, until: null },
    ]);
    await throughProbation(h, handle);
    await decide(handle, 'E23', branchClerk, 'submit', { ...passingVote, resolution: 'full' });
    await decide(handle, 'E24-PG', partyGroup, 'approve');
    await decide(handle, 'E24', upperCommittee, 'approve');
    await decide(handle, 'E25', branchClerk, 'submit', { archiveNo: 'DA-1' });

    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.data.flags).toEqual([]);
    const d = datesOf(final);
    expect(d.candidate! >= addToDate(d.activist!, { years: 1 })).toBe(true);
    expect(d.probationEnd).toBe(addToDate(d.admissionVote!, { years: 1 }));
    expect(d.fullMember).toBe(d.probationEnd);
    expect(d.archived! > addToDate(d.application!, { years: 2 })).toBe(true);
    const decided = final.timeline.filter((e) => e.event === 'task.decided').map((e) => e.step);
    expect(decided.filter((s) => s === 'E6')).toHaveLength(2);
    expect(decided.filter((s) => s === 'E21')).toHaveLength(2);
    expect(final.timeline.find((e) => e.event === 'branchVote.counted')).toMatchObject({
      step: 'E15',
      outcome: 'passed',
      detail: { requiredFor: 9, totalFor: 9 },
    });
    expect(await branchMembershipRows(h, personId)).toEqual([
      { status: 'probationary', since: d.admissionVote, until: d.probationEnd },
      { status: 'full', since: d.probationEnd, until: null },
    ]);
  });

  it('ends the case as rejected with reason notSelected when the branch committee does not select the activist', async () => {
    const { handle } = await startAdmission(h);
    await decide(handle, 'E2', branchClerk, 'submit', { talkerId: 'p-fin-b04' });
    const e3 = await waitForTask(handle, 'E3');
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, {
          args: [{ actor: branchCommittee, taskId: e3.taskId, outcome: 'reject' }],
        }),
      ),
    ).toBe('COMMENT_REQUIRED');
    await decide(handle, 'E3', branchCommittee, 'reject', undefined, '条件尚不成熟，继续培养');
    const final: CaseState = await handle.result();
    expect(final.status).toBe('rejected');
    expect(final.closeReason).toBe('notSelected');
    expect(final.data.rejection).toMatchObject({ reason: 'notSelected', comment: '条件尚不成熟，继续培养' });
    expect(datesOf(final).activist).toBeUndefined();
  });

  it('refuses an under-age application with the age rule', async () => {
    const today = new Date(Date.now()).toISOString().slice(0, 10);
    const { handle } = await startAdmission(h, { birthDate: addToDate(today, { years: -17 }) });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('rejected');
    expect(final.closeReason).toBe('APPLICANT_UNDER_AGE');
    expect(final.data.rejection).toMatchObject({ rule: 'RULES §E step 1', numbers: { age: 17, minAge: 18 } });
  });

  it('rejects when for-votes are not more than half of the entitled, though most of those present voted for', async () => {
    const { handle, personId } = await startAdmission(h);
    await untilAdmissionVote(h, handle);
    const e15 = await waitForTask(handle, 'E15');
    // Counts that cannot be true are refused in the validator, not decided.
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, {
          args: [
            {
              actor: branchClerk,
              taskId: e15.taskId,
              outcome: 'submit',
              payload: { entitled: 16, present: 17, forVotes: 8 },
            },
          ],
        }),
      ),
    ).toBe('INCONSISTENT_VOTE_COUNTS');
    // RULES §E step 15 worked example: 16 entitled, 10 present, 8 for (a clear majority of those present) → fails.
    await decide(handle, 'E15', branchClerk, 'submit', {
      entitled: 16,
      present: 10,
      forVotes: 8,
      writtenOpinionsFor: 0,
    });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('rejected');
    expect(final.closeReason).toBe('BRANCH_VOTE_NOT_PASSED');
    expect(final.data.rejection).toMatchObject({
      rule: 'RULES §E step 15',
      numbers: { entitled: 16, totalFor: 8, requiredFor: 9 },
    });
    expect(await branchMembershipRows(h, personId)).toEqual([]);
  });

  it('extends probation once (6–12 months), then admits as full member from the end of the extension', async () => {
    const { handle, personId } = await startAdmission(h);
    await untilProbation(h, handle);
    await throughProbation(h, handle);
    const e23 = await waitForTask(handle, 'E23');
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, {
          args: [
            {
              actor: branchClerk,
              taskId: e23.taskId,
              outcome: 'submit',
              payload: { ...passingVote, resolution: 'extend', extensionMonths: 13 },
            },
          ],
        }),
      ),
    ).toBe('PROBATION_EXTENSION_LENGTH');
    await decide(handle, 'E23', branchClerk, 'submit', { ...passingVote, resolution: 'extend', extensionMonths: 6 });
    await decide(handle, 'E24-PG', partyGroup, 'approve');
    await decide(handle, 'E24', upperCommittee, 'approve');
    const extended = datesOf(await handle.query(caseStateQuery));
    const firstEnd = addToDate(extended.admissionVote!, { years: 1 });
    expect(extended.probationEnd).toBe(addToDate(firstEnd, { months: 6 }));

    await throughProbation(h, handle, 1);
    const again = await waitForTask(handle, 'E23');
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, {
          args: [
            {
              actor: branchClerk,
              taskId: again.taskId,
              outcome: 'submit',
              payload: { ...passingVote, resolution: 'extend', extensionMonths: 6 },
            },
          ],
        }),
      ),
    ).toBe('PROBATION_ALREADY_EXTENDED');
    await decide(handle, 'E23', branchClerk, 'submit', { ...passingVote, resolution: 'full' });
    await decide(handle, 'E24-PG', partyGroup, 'approve');
    await decide(handle, 'E24', upperCommittee, 'approve');
    await decide(handle, 'E25', branchClerk, 'submit');
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    const d = datesOf(final);
    expect(d.fullMember).toBe(addToDate(firstEnd, { months: 6 }));
    expect(final.timeline.filter((e) => e.event === 'probation.extended')).toHaveLength(1);
    expect(await branchMembershipRows(h, personId)).toEqual([
      { status: 'probationary', since: d.admissionVote, until: d.fullMember },
      { status: 'full', since: d.fullMember, until: null },
    ]);
  });

  it('asks a reason after 3 months, refuses approval after 6 and sends the case to a new branch vote (RULES §E step 17)', async () => {
    // the application is received today on the server's (skipped-ahead) clock, so the talk is in time
    const applicationDate = await serverToday(h);
    const { handle } = await startAdmission(h, { applicationDate });
    await untilAdmissionVote(h, handle);
    await decide(handle, 'E15', branchClerk, 'submit', passingVote);
    await decide(handle, 'E16', upperClerk, 'submit', { talkerId: 'p-fin-b02' });
    await waitForTask(handle, 'E17-PG');
    await skip(h, '100 days');
    let state = await waitForState(handle, (s) => (s.data.flags as string[]).includes('approvalBeyondThreeMonths'));
    const firstVote = datesOf(state).admissionVote!;
    expect(state.timeline.some((e) => e.event === 'task.escalated')).toBe(true);
    expect(state.timeline.some((e) => e.event === 'compliance.breach')).toBe(false);
    expect(state.data.flags).toEqual(['approvalBeyondThreeMonths']);
    expect(state.data.compliance).toMatchObject({
      E17BeyondThreeMonths: { dueDate: addToDate(firstVote, { months: 3 }) },
    });
    // past 3 months an approval states its reason
    expect(await refusal(decide(handle, 'E17-PG', partyGroup, 'approve'))).toBe('APPROVAL_LATE_REASON_REQUIRED');
    await decide(handle, 'E17-PG', partyGroup, 'approve', { lateReason: '党组换届，会议推迟' });
    await waitForTask(handle, 'E17');
    await skip(h, '90 days');
    state = await waitForState(handle, (s) => s.timeline.some((e) => e.event === 'compliance.breach'));
    const breach = state.timeline.find((e) => e.event === 'compliance.breach')!;
    expect(breach.step).toBe('E17');
    expect(state.data.compliance).toMatchObject({
      E17BeyondSixMonths: { voteDate: firstVote, hardLimit: addToDate(firstVote, { months: 6 }) },
    });
    expect(state.data.flags).toEqual(['approvalBeyondThreeMonths', 'approvalBeyondSixMonths']);
    // past 6 months no approval at all, whatever the reason: the branch votes again
    expect(await refusal(decide(handle, 'E17', upperCommittee, 'approve', { lateReason: '材料补充' }))).toBe(
      'APPROVAL_BEYOND_SIX_MONTHS',
    );
    await decide(handle, 'E17', upperCommittee, 'return', undefined, '决议已超过六个月，请重新讨论');
    await waitForTask(handle, 'E15');
    state = await handle.query(caseStateQuery);
    expect(state.timeline.filter((e) => e.event === 'resolution.expired')).toHaveLength(1);
    // from the step-15 meeting on, the submitter cannot withdraw; an administrator cancels with a reason
    expect(
      await refusal(handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: branchClerk, reason: '测试结束' }] })),
    ).toBe('WITHDRAW_AFTER_BRANCH_VOTE');
    await decide(handle, 'E15', branchClerk, 'submit', passingVote);
    await decide(handle, 'E16', upperClerk, 'submit', { talkerId: 'p-fin-b02' });
    await decide(handle, 'E17-PG', partyGroup, 'approve');
    await decide(handle, 'E17', upperCommittee, 'approve');
    state = await handle.query(caseStateQuery);
    await waitForTask(handle, 'E20');
    state = await handle.query(caseStateQuery);
    expect(datesOf(state).admissionVote! > firstVote).toBe(true);
    expect(datesOf(state).probationEnd).toBe(addToDate(datesOf(state).admissionVote!, { years: 1 }));
    await handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: admin, reason: '测试结束' }] });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('cancelled');
    // each flag once, however long the approval stays open
    expect(final.data.flags).toEqual(['approvalBeyondThreeMonths', 'approvalBeyondSixMonths']);
    expect(final.timeline.filter((e) => e.event === 'compliance.breach')).toHaveLength(1);
  });
});
