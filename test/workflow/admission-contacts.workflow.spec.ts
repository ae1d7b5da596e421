import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  caseStateQuery,
  changeContactsUpdate,
  withdrawCaseUpdate,
  type Actor,
  type AdmissionContactChangeArgs,
  type AdmissionContactChangeRecord,
} from '../../libs/contracts';
import { CURRENT_POLICY_VERSION, addToDate, getPolicy } from '../../libs/domain';
import {
  BRANCH,
  admin,
  branchClerk,
  branchCommittee,
  datesOf,
  decide,
  refusal,
  skipUntilTask,
  startAdmission,
  upperCommittee,
  useHarness,
  waitForState,
  waitForTask,
} from './harness/admission-harness';

jest.setTimeout(60_000);

const change = (handle: WorkflowHandle, who: Actor, c: AdmissionContactChangeArgs['change']) =>
  handle.executeUpdate(changeContactsUpdate, { args: [{ actor: who, change: c }] });

describe('changing cultivation contacts (更换培养联系人, RULES §E step 5) on the time-skipping server', () => {
  const h = useHarness();

  it('replaces the contacts during cultivation, keeps the change on the record, refuses it outside steps 6–7', async () => {
    const { handle } = await startAdmission(h, { serverClock: true });
    await decide(handle, 'E2', branchClerk, 'submit', { talkerId: 'p-fin-b04' });
    await decide(handle, 'E3', branchCommittee, 'approve');
    await decide(handle, 'E4', upperCommittee, 'approve');
    await waitForTask(handle, 'E5');
    // not yet assigned: the step-5 task itself names the first contacts
    expect(await refusal(change(handle, branchClerk, { contactIds: ['p-fin-b07'], reason: '调整' }))).toBe(
      'CONTACT_CHANGE_STAGE_NOT_ALLOWED',
    );
    await decide(handle, 'E5', branchClerk, 'submit', { contactIds: ['p-fin-b05', 'p-fin-b06'] });
    await skipUntilTask(h, handle, 'E6');
    const activist = datesOf(await handle.query(caseStateQuery)).activist!;

    const reason = 'p-fin-b06调离本单位';
    expect(await refusal(change(handle, upperCommittee, { contactIds: ['p-fin-b05', 'p-fin-b07'], reason }))).toBe(
      'NOT_AUTHORIZED_FOR_CONTACT_CHANGE',
    );
    expect(
      await refusal(change(handle, branchClerk, { contactIds: ['p-fin-b05', 'p-fin-b07', 'p-fin-b08'], reason })),
    ).toBe('CULTIVATION_CONTACTS');
    expect(await refusal(change(handle, branchClerk, { contactIds: ['p-fin-b06', 'p-fin-b05'], reason }))).toBe(
      'CONTACTS_UNCHANGED',
    );
    const early = addToDate(activist, { days: -1 });
    expect(
      await refusal(
        change(handle, branchClerk, { contactIds: ['p-fin-b05', 'p-fin-b07'], reason, effectiveDate: early }),
      ),
    ).toBe('STEP_DATE_BEFORE_PREVIOUS');

    const record = await change(handle, branchClerk, { contactIds: ['p-fin-b05', 'p-fin-b07'], reason });
    expect(record).toMatchObject({
      fromContactIds: ['p-fin-b05', 'p-fin-b06'],
      toContactIds: ['p-fin-b05', 'p-fin-b07'],
      reason,
      actorId: branchClerk.userId,
      stage: 'E6',
    });
    expect(record.effectiveDate >= activist).toBe(true);
    // an administrator over the branch may change them too, to one contact (H-21: one or two)
    await change(handle, admin, { contactIds: ['p-fin-b07'], reason: '只保留一名联系人' });

    const state = await handle.query(caseStateQuery);
    expect(state.data.contactIds).toEqual(['p-fin-b07']);
    expect((state.data.contactChanges as AdmissionContactChangeRecord[]).map((c) => c.toContactIds)).toEqual([
      ['p-fin-b05', 'p-fin-b07'],
      ['p-fin-b07'],
    ]);
    const entries = state.timeline.filter((e) => e.event === 'contacts.changed');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      step: 'E5',
      actorId: branchClerk.userId,
      comment: reason,
      detail: { fromContactIds: ['p-fin-b05', 'p-fin-b06'], rule: 'RULES §E step 5' },
    });
    expect(state.pendingTasks.map((t) => t.step)).toEqual(['E6']);
    expect(state.orgId).toBe(BRANCH);

    // cultivation goes on; after the candidate decision (step 7) the introducers take over
    await decide(handle, 'E6', branchClerk, 'submit', { summary: '第1次考察' });
    await skipUntilTask(h, handle, 'E6');
    await decide(handle, 'E6', branchClerk, 'submit', { summary: '第2次考察' });
    await decide(handle, 'E7', branchCommittee, 'approve');
    await waitForTask(handle, 'E8');
    expect(await refusal(change(handle, branchClerk, { contactIds: ['p-fin-b05'], reason }))).toBe(
      'CONTACT_CHANGE_STAGE_NOT_ALLOWED',
    );
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: branchClerk, reason: '测试结束' }] });
    await waitForState(handle, (s) => s.status === 'withdrawn');
  });

  it('refuses a change past caseBounds.maxContactChanges with CONTACT_CHANGE_CAP_REACHED and its numbers (issue 8 §2)', async () => {
    const max = getPolicy(CURRENT_POLICY_VERSION).caseBounds.maxContactChanges;
    const { handle } = await startAdmission(h, { serverClock: true });
    await decide(handle, 'E2', branchClerk, 'submit', { talkerId: 'p-fin-b04' });
    await decide(handle, 'E3', branchCommittee, 'approve');
    await decide(handle, 'E4', upperCommittee, 'approve');
    await decide(handle, 'E5', branchClerk, 'submit', { contactIds: ['p-fin-b05'] });
    await skipUntilTask(h, handle, 'E6');
    for (let i = 0; i < max; i++) {
      await change(handle, branchClerk, {
        contactIds: [i % 2 === 0 ? 'p-fin-b07' : 'p-fin-b05'],
        reason: `第${i + 1}次`,
      });
    }
    const past = change(handle, branchClerk, {
      contactIds: [max % 2 === 0 ? 'p-fin-b07' : 'p-fin-b05'],
      reason: '再换',
    });
    const error = await past.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const failure = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe('CONTACT_CHANGE_CAP_REACHED');
    expect(failure.details?.[0]).toMatchObject({
      rule: 'RULES §G (caseBounds)',
      numbers: { contactChanges: max, maxContactChanges: max },
    });
    // refused in the validator: nothing of it reached the case
    const state = await handle.query(caseStateQuery);
    expect(state.data.contactChanges as AdmissionContactChangeRecord[]).toHaveLength(max);
    expect(state.timeline.filter((e) => e.event === 'contacts.changed')).toHaveLength(max);
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: branchClerk, reason: '测试结束' }] });
    await waitForState(handle, (s) => s.status === 'withdrawn');
  });
});
