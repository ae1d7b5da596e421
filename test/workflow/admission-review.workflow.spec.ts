import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import {
  cancelCaseUpdate,
  caseStateQuery,
  decideTaskUpdate,
  transferAdmissionUpdate,
  withdrawCaseUpdate,
  type Actor,
  type CaseState,
} from '../../libs/contracts';
import { addToDate, getPolicy, localDate, CURRENT_POLICY_VERSION } from '../../libs/domain';
import {
  PARTY_GROUP,
  UPPER,
  admin,
  branchClerk,
  branchCommittee,
  branchMembershipRows,
  datesOf,
  decide,
  events,
  flagsOf,
  partyGroup,
  passingVote,
  refusal,
  serverNow,
  serverToday,
  skipUntilTask,
  startAdmission,
  throughActivist,
  throughCandidate,
  throughProbation,
  twoIntroducers,
  untilProbation,
  upperClerk,
  upperCommittee,
  useHarness,
  waitForState,
  waitForTask,
  PRACTICE_PACK,
  skip,
} from './harness/admission-harness';

jest.setTimeout(90_000);

const policy = getPolicy(CURRENT_POLICY_VERSION);
const opened = (s: CaseState, step: string) => events(s, 'task.opened').filter((e) => e.step === step).length;

/** The refused update's failure (type = rule code, message = the English text). */
async function refused(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
}

async function submitTo(handle: WorkflowHandle, step: string, who: Actor, payload: Record<string, unknown>) {
  const task = await waitForTask(handle, step);
  return handle.executeUpdate(decideTaskUpdate, {
    args: [{ actor: who, taskId: task.taskId, outcome: 'submit', payload }],
  });
}

describe('admission review fixes (time-skipping)', () => {
  const h = useHarness();

  /** Today on the local (China) calendar of the server's skipped clock. */
  const localToday = async () => localDate(await serverNow(h), policy);

  it('loops steps 12–13, checks step dates, holds an inquorate meeting again and closes the membership on cancel', async () => {
    const applicationDate = await serverToday(h);
    const { handle, personId } = await startAdmission(h, { applicationDate });
    await throughActivist(handle);
    // a transfer cannot take effect in the future
    const tomorrow = addToDate(await localToday(), { days: 1 });
    expect(
      await refusal(
        handle.executeUpdate(transferAdmissionUpdate, {
          args: [
            {
              actor: admin,
              transfer: {
                toOrgId: 'org-fin-treasury-br',
                toOrgPath: ['org-fin-treasury-br', 'org-fin-gb', UPPER, 'org-wc'],
                upperCommitteeId: UPPER,
                partyGroupBodyId: PARTY_GROUP,
                effectiveDate: tomorrow,
                reason: '处室调整',
              },
            },
          ],
        }),
      ),
    ).toBe('TRANSFER_DATE_IN_FUTURE');
    await throughCandidate(h, handle);
    // RULES §E step 6: one quarterly thought-report reminder between two half-yearly assessments, on the case's timers
    const cultivated = await handle.query(caseStateQuery);
    const activist = datesOf(cultivated).activist!;
    expect(events(cultivated, 'thoughtReport.due').map((e) => e.detail?.dueDate)).toEqual([
      addToDate(activist, { months: 3 }),
      addToDate(activist, { months: 9 }),
    ]);
    await decide(handle, 'E9', branchClerk, 'submit', twoIntroducers);
    await decide(handle, 'E10', branchClerk, 'submit', { conclusion: 'pass' });
    // training dates: the start may not come after the end
    const today = await localToday();
    expect(
      await refusal(
        submitTo(handle, 'E11', branchClerk, {
          days: 3,
          trainingStartDate: today,
          trainingEndDate: addToDate(today, { days: -1 }),
        }),
      ),
    ).toBe('TRAINING_DATES_REVERSED');
    // a malformed end date is an input error of the step's schema (naming the field), not an exception in the workflow
    const malformed = await refused(
      submitTo(handle, 'E11', branchClerk, { days: 3, trainingStartDate: today, trainingEndDate: '2027-02-30' }),
    );
    expect(malformed.type).toBe('PAYLOAD_INVALID');
    expect(malformed.details?.[0]).toMatchObject({ rule: 'RULES §E step 11', numbers: { field: 'trainingEndDate' } });
    await decide(handle, 'E11', branchClerk, 'submit', { days: 3, trainingStartDate: today, trainingEndDate: today });

    // RULES §E step 13: failed pre-review → back to the branch (step 12), not the end of the case
    await decide(handle, 'E12', branchCommittee, 'approve');
    const e13 = await waitForTask(handle, 'E13');
    // an expected leaving date that is no date: refused by the schema before the step-13 rule reads it (no throw)
    const notADate = await refused(
      handle.executeUpdate(decideTaskUpdate, {
        args: [
          {
            actor: upperCommittee,
            taskId: e13.taskId,
            outcome: 'approve',
            payload: { expectedLeaveDate: '2027-06-31' },
          },
        ],
      }),
    );
    expect(notADate.details?.[0]).toMatchObject({ code: 'PAYLOAD_INVALID', numbers: { field: 'expectedLeaveDate' } });
    const leaving = await refused(
      handle.executeUpdate(decideTaskUpdate, {
        args: [
          {
            actor: upperCommittee,
            taskId: e13.taskId,
            outcome: 'approve',
            payload: { expectedLeaveDate: addToDate(today, { months: 2 }) },
          },
        ],
      }),
    );
    expect(leaving.type).toBe('LEAVING_UNIT_WITHIN_BLOCK');
    expect(leaving.message).toContain('within 3 months');
    await decide(handle, 'E13', upperCommittee, 'reject', undefined, '材料不全，退回支部');
    await waitForTask(handle, 'E12');
    // RULES §E step 12: found unqualified → back to cultivation (step 6), then steps 7–8 again; 9–11 are kept
    await decide(handle, 'E12', branchCommittee, 'reject', undefined, '尚需继续培养');
    await skipUntilTask(h, handle, 'E6', 200);
    await decide(handle, 'E6', branchClerk, 'submit', { summary: '继续培养后的考察' });
    await decide(handle, 'E7', branchCommittee, 'approve');
    await decide(handle, 'E8', upperCommittee, 'approve');
    await decide(handle, 'E12', branchCommittee, 'approve');
    const looped = await handle.query(caseStateQuery);
    expect(opened(looped, 'E12')).toBe(3);
    expect(opened(looped, 'E9')).toBe(1);
    expect(opened(looped, 'E10')).toBe(1);
    expect(events(looped, 'thoughtReport.due')).toHaveLength(3);
    await decide(handle, 'E13', upperCommittee, 'approve', { expectedLeaveDate: addToDate(today, { years: 2 }) });
    await decide(handle, 'E14', branchClerk, 'submit', { formNo: 'ZY-002' });

    // RULES §E key dates: the meeting date is checked against the latest step and today
    await skip(h, '10 days');
    const recorded = (await handle.query(caseStateQuery)).data.stepDates as { step: string; date: string }[];
    const lastDate = recorded.at(-1)!;
    expect(lastDate.step).toBe('E14');
    const before = await refused(
      submitTo(handle, 'E15', branchClerk, { ...passingVote, meetingDate: addToDate(lastDate.date, { days: -1 }) }),
    );
    expect(before.type).toBe('STEP_DATE_BEFORE_PREVIOUS');
    expect(before.message).toBe(
      `step 15 date ${addToDate(lastDate.date, { days: -1 })} is before step 14 date ${lastDate.date}`,
    );
    const now = await localToday();
    const future = await refused(
      submitTo(handle, 'E15', branchClerk, { ...passingVote, meetingDate: addToDate(now, { days: 1 }) }),
    );
    expect(future.type).toBe('STEP_DATE_IN_FUTURE');
    // an inquorate meeting cannot vote: recorded, and held again (not a rejection)
    const firstMeeting = addToDate(lastDate.date, { days: 1 });
    await submitTo(handle, 'E15', branchClerk, { entitled: 16, present: 8, forVotes: 8, meetingDate: firstMeeting });
    const inquorate = await waitForState(handle, (s) => events(s, 'meeting.inquorate').length === 1);
    expect(inquorate.status).toBe('active');
    expect(events(inquorate, 'meeting.inquorate')[0]).toMatchObject({
      step: 'E15',
      detail: { entitled: 16, present: 8, requiredPresent: 9, meetingDate: firstMeeting },
    });
    await waitForTask(handle, 'E15');
    const meetingDate = addToDate(lastDate.date, { days: 3 });
    await submitTo(handle, 'E15', branchClerk, { ...passingVote, meetingDate });
    await decide(handle, 'E16', upperClerk, 'submit', { talkerId: 'p-fin-b02' });
    // from the step-15 meeting on, the submitter cannot withdraw
    expect(
      await refusal(handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: branchClerk, reason: '撤回' }] })),
    ).toBe('WITHDRAW_AFTER_BRANCH_VOTE');
    await decide(handle, 'E17-PG', partyGroup, 'approve');
    await decide(handle, 'E17', upperCommittee, 'approve');
    await decide(handle, 'E20', branchClerk, 'submit', { oathDate: await localToday() });
    const placed = datesOf(await handle.query(caseStateQuery));
    // probation starts on the meeting date given at step 15
    expect(placed.admissionVote).toBe(meetingDate);
    expect(placed.probationEnd).toBe(addToDate(meetingDate, { years: 1 }));
    await skip(h, '30 days');
    await handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: admin, reason: '本人调离，终止发展' }] });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('cancelled');
    const closedOn = localDate(final.closedAt!, policy);
    expect(await branchMembershipRows(h, personId)).toEqual([
      { status: 'probationary', since: meetingDate, until: closedOn },
    ]);
    expect(events(final, 'membership.closed')[0]).toMatchObject({
      detail: { milestone: 'probationCancelled', date: closedOn, caseStatus: 'cancelled' },
    });
  });

  it('goes back to the step-23 vote when step 24 is not approved, and raises the resolution flags again', async () => {
    const applicationDate = await serverToday(h);
    // the conversion meeting deadlines are practice (RULES H-9): adopted by the practice pack
    const { handle } = await startAdmission(h, { applicationDate, policyVersion: PRACTICE_PACK });
    await untilProbation(h, handle);
    await throughProbation(h, handle);
    await decide(handle, 'E23', branchClerk, 'submit', { ...passingVote, resolution: 'full' });
    await decide(handle, 'E24-PG', partyGroup, 'reject', undefined, '转正材料需补充');
    await waitForTask(handle, 'E23');
    const again = await handle.query(caseStateQuery);
    expect(opened(again, 'E22')).toBe(1);
    expect(opened(again, 'E23')).toBe(2);
    expect(events(again, 'resolution.notApproved')).toHaveLength(1);
    expect(flagsOf(again)).toEqual([]);
    const probationEnd = datesOf(again).probationEnd!;
    // undecided again: one month after the probation end the flag is raised …
    await skip(h, '40 days');
    await waitForState(handle, (s) => flagsOf(s).includes('probationEndedWithoutDecision'));
    // … and after the three-month cap the second one
    await skip(h, '60 days');
    const capped = await waitForState(handle, (s) => flagsOf(s).includes('conversionMeetingBeyondThreeMonths'));
    expect(flagsOf(capped)).toEqual(['probationEndedWithoutDecision', 'conversionMeetingBeyondThreeMonths']);
    expect(capped.data.compliance).toMatchObject({
      conversionMeetingBeyondThreeMonths: { probationEnd, dueDate: addToDate(probationEnd, { months: 3 }), months: 3 },
    });
    await decide(handle, 'E23', branchClerk, 'submit', { ...passingVote, resolution: 'full' });
    await decide(handle, 'E24-PG', partyGroup, 'approve');
    await decide(handle, 'E24', upperCommittee, 'approve');
    await decide(handle, 'E25', branchClerk, 'submit');
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    expect(datesOf(final).fullMember).toBe(probationEnd);
    expect(events(final, 'compliance.flagged')).toHaveLength(2);
  });
});
