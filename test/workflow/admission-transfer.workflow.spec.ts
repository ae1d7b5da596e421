import type { WorkflowHandle } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import {
  cancelCaseUpdate,
  caseStateQuery,
  transferAdmissionUpdate,
  withdrawCaseUpdate,
  type Actor,
  type AdmissionTransferArgs,
  type AdmissionTransferRecord,
  type CaseState,
} from '../../libs/contracts';
import { CURRENT_POLICY_VERSION, addToDate, getPolicy, localDate } from '../../libs/domain';
import { tasks } from '../../libs/db';
import {
  BRANCH,
  PARTY_GROUP,
  UPPER,
  actor,
  branchClerk,
  branchCommittee,
  datesOf,
  decide,
  membershipRows,
  passingVote,
  refusal,
  serverToday,
  skipUntilTask,
  startAdmission,
  throughActivist,
  untilProbation,
  upperCommittee,
  useHarness,
  waitForState,
  waitForTask,
  skip,
} from './harness/admission-harness';

jest.setTimeout(60_000);

/** Receiving side in the demo registry: 政策法规处支部 under 教育厅机关党委, party group 教育厅党组. */
const EDU_BRANCH = 'org-edu-policy-br';
const EDU_UPPER = 'org-edu-oc';
const EDU_PG = 'pg-edu';
const TREASURY_BRANCH = 'org-fin-treasury-br';

const eduClerk = actor('u-edu-br-clerk', [{ role: 'submitter', at: EDU_BRANCH }]);
const eduUpper = actor('u-edu-oc-approver', [{ role: 'approver', at: EDU_UPPER }]);
const eduPartyGroup = actor('u-edu-pg-approver', [{ role: 'approver', at: EDU_PG }]);
const treasuryClerk = actor('u-tr-clerk', [{ role: 'submitter', at: TREASURY_BRANCH }]);
const admin = actor('u-admin', [], ['org-wc', 'org-fin-oc', BRANCH, TREASURY_BRANCH, EDU_BRANCH, EDU_UPPER]);

const transfersOf = (s: CaseState) => s.data.transfers as AdmissionTransferRecord[];

function toEdu(effectiveDate: string, extra: Partial<AdmissionTransferArgs['transfer']> = {}) {
  return {
    toOrgId: EDU_BRANCH,
    toOrgPath: [EDU_BRANCH, EDU_UPPER, 'org-wc'],
    upperCommitteeId: EDU_UPPER,
    partyGroupBodyId: EDU_PG,
    effectiveDate,
    reason: '工作调动',
    documentNo: '组转〔2027〕12号',
    ...extra,
  };
}

function toTreasury(effectiveDate: string, extra: Partial<AdmissionTransferArgs['transfer']> = {}) {
  return {
    toOrgId: TREASURY_BRANCH,
    toOrgPath: [TREASURY_BRANCH, 'org-fin-gb', UPPER, 'org-wc'],
    upperCommitteeId: UPPER,
    partyGroupBodyId: PARTY_GROUP,
    effectiveDate,
    reason: '处室调整',
    ...extra,
  };
}

const move = (handle: WorkflowHandle, who: Actor, transfer: AdmissionTransferArgs['transfer']) =>
  handle.executeUpdate(transferAdmissionUpdate, { args: [{ actor: who, transfer }] });

/** The date on the organization's calendar (China) of an instant: tasks opened by a date timer open at local midnight. */
const onLocalDate = (iso: string) => localDate(iso, getPolicy(CURRENT_POLICY_VERSION));
describe('admission transfers (组织关系转接, RULES §E step 21, H-12) on the time-skipping server', () => {
  const h = useHarness();
  const start = () => startAdmission(h, { serverClock: true });

  const inboxRow = async (taskId: string) => {
    const [row] = await h.database.db
      .select({ orgId: tasks.orgId, assignedBodyId: tasks.assignedBodyId, status: tasks.status })
      .from(tasks)
      .where(eq(tasks.taskId, taskId));
    return row;
  };

  it('refuses a transfer before the activist decision and by someone without authority', async () => {
    const { handle } = await start();
    await decide(handle, 'E2', branchClerk, 'submit', { talkerId: 'p-fin-b04' });
    await waitForTask(handle, 'E3');
    const today = await serverToday(h);
    expect(await refusal(move(handle, admin, toTreasury(today)))).toBe('TRANSFER_STAGE_NOT_ALLOWED');
    await decide(handle, 'E3', branchCommittee, 'approve');
    await waitForTask(handle, 'E4');
    expect(await refusal(move(handle, branchClerk, toTreasury(today)))).toBe('NOT_AUTHORIZED_FOR_TRANSFER');
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: branchClerk, reason: '测试结束' }] });
    expect((await handle.result()).status).toBe('withdrawn');
  });

  it('moves an activist with the activist start date: the one-year rule still counts from step 3', async () => {
    const { handle } = await start();
    await throughActivist(handle);
    const before = await handle.query(caseStateQuery);
    const activist = datesOf(before).activist!;
    const e6 = await skipUntilTask(h, handle, 'E6');
    expect(e6.assignedBodyId).toBe(BRANCH);
    const onDate = onLocalDate(e6.createdAt);
    expect(await refusal(move(handle, admin, toTreasury(onDate, { postponeMonths: 1 })))).toBe(
      'TRANSFER_POSTPONEMENT_NOT_PROBATIONARY',
    );
    expect(await refusal(move(handle, admin, toTreasury(addToDate(activist, { days: -1 }))))).toBe(
      'TRANSFER_BEFORE_LAST_STEP',
    );
    expect(await refusal(move(handle, admin, { ...toTreasury(onDate), toOrgId: BRANCH }))).toBe('TRANSFER_SAME_ORG');
    const result = await move(handle, admin, toTreasury(onDate));
    expect(result).toMatchObject({ orgId: TREASURY_BRANCH, stage: 'E6', discussionFrom: null });

    const moved = await handle.query(caseStateQuery);
    expect(moved.orgId).toBe(TREASURY_BRANCH);
    expect(moved.orgPath[0]).toBe(TREASURY_BRANCH);
    expect(moved.pendingTasks.find((t) => t.step === 'E6')).toMatchObject({
      taskId: e6.taskId,
      assignedBodyId: TREASURY_BRANCH,
    });
    expect(await inboxRow(e6.taskId)).toEqual({
      orgId: TREASURY_BRANCH,
      assignedBodyId: TREASURY_BRANCH,
      status: 'open',
    });
    expect(transfersOf(moved)).toEqual([
      expect.objectContaining({
        fromOrgId: BRANCH,
        toOrgId: TREASURY_BRANCH,
        phase: 'activist',
        postponeMonths: 0,
        effectiveDate: onDate,
        movedTaskIds: [e6.taskId],
      }),
    ]);
    expect(moved.timeline.find((e) => e.event === 'admission.transferred')).toMatchObject({
      step: 'E6',
      actorId: admin.userId,
      comment: '处室调整',
      detail: { fromOrgId: BRANCH, toOrgId: TREASURY_BRANCH, effectiveDate: onDate, activistDate: activist },
    });

    // the sending branch can no longer decide; the receiving branch continues the assessments
    expect(await refusal(decide(handle, 'E6', branchClerk, 'submit', { summary: '转出方' }))).toBe('NOT_ASSIGNED');
    await decide(handle, 'E6', treasuryClerk, 'submit', { summary: '第1次考察' });
    const second = await skipUntilTask(h, handle, 'E6');
    expect(second.assignedBodyId).toBe(TREASURY_BRANCH);
    await decide(handle, 'E6', treasuryClerk, 'submit', { summary: '第2次考察' });
    const e7 = await waitForTask(handle, 'E7');
    expect(e7.assignedBodyId).toBe(TREASURY_BRANCH);
    expect(onLocalDate(e7.createdAt) >= addToDate(activist, { years: 1 })).toBe(true);
    // one year from the original step-3 date, not from the transfer
    expect(onLocalDate(e7.createdAt) < addToDate(onDate, { years: 1 })).toBe(true);
    const state = await handle.query(caseStateQuery);
    expect(datesOf(state).activist).toBe(activist);
    expect(state.timeline.filter((e) => e.event === 'activistPeriod.checked').map((e) => e.outcome)).toEqual(['ok']);
    // rights follow the present (issue 8 §4): the sending branch's secretary who filed the case no longer withdraws it
    expect(
      await refusal(handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: branchClerk, reason: '转出后撤回' }] })),
    ).toBe('ROLE_NOT_HELD');
    await handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: admin, reason: '测试结束' }] });
    expect((await handle.result()).status).toBe('cancelled');
  });

  it('moves a probationary member mid-probation, postpones the discussion, keeps every date', async () => {
    const { handle, personId } = await start();
    await untilProbation(h, handle);
    const e21 = await skipUntilTask(h, handle, 'E21');
    expect(e21.assignedBodyId).toBe(BRANCH);
    const before = datesOf(await handle.query(caseStateQuery));
    const onDate = onLocalDate(e21.createdAt);
    expect(await refusal(move(handle, eduUpper, toEdu(onDate)))).toBe('NOT_AUTHORIZED_FOR_TRANSFER');
    expect(await refusal(move(handle, upperCommittee, toEdu(onDate, { postponeMonths: 7 })))).toBe(
      'TRANSFER_POSTPONEMENT_TOO_LONG',
    );
    const result = await move(handle, upperCommittee, toEdu(onDate, { postponeMonths: 3 }));
    const discussionFrom = addToDate(before.probationEnd!, { months: 3 });
    expect(result).toEqual({ caseId: handle.workflowId, orgId: EDU_BRANCH, stage: 'E21', discussionFrom });
    expect((await handle.query(caseStateQuery)).pendingTasks).toEqual([
      expect.objectContaining({ taskId: e21.taskId, orgId: EDU_BRANCH, assignedBodyId: EDU_BRANCH }),
    ]);
    expect(await inboxRow(e21.taskId)).toMatchObject({ orgId: EDU_BRANCH, assignedBodyId: EDU_BRANCH });
    await decide(handle, 'E21', eduClerk, 'submit', { summary: '接收方考察' });
    const e21b = await skipUntilTask(h, handle, 'E21');
    expect(e21b.assignedBodyId).toBe(EDU_BRANCH);
    await decide(handle, 'E21', eduClerk, 'submit', { summary: '预备期届满考察' });

    // the probation ends, but the application and the discussion wait for the postponement
    await skip(h, '60 days');
    let state = await handle.query(caseStateQuery);
    expect(state.pendingTasks).toEqual([]);
    expect(state.stage).toBe('E22');
    const e22 = await skipUntilTask(h, handle, 'E22', 60);
    expect(onLocalDate(e22.createdAt)).toBe(discussionFrom);
    expect(e22.assignedBodyId).toBe(EDU_BRANCH);
    await decide(handle, 'E22', eduClerk, 'submit', { summary: '转正申请' });
    await decide(handle, 'E23', eduClerk, 'submit', { ...passingVote, resolution: 'full' });
    expect((await waitForTask(handle, 'E24-PG')).assignedBodyId).toBe(EDU_PG);
    await decide(handle, 'E24-PG', eduPartyGroup, 'approve');
    expect((await waitForTask(handle, 'E24')).assignedBodyId).toBe(EDU_UPPER);
    await decide(handle, 'E24', eduUpper, 'approve');
    await decide(handle, 'E25', eduClerk, 'submit');
    const final: CaseState = await handle.result();
    expect(final.status).toBe('completed');
    const d = datesOf(final);
    expect(d.application).toBe(before.application);
    expect(d.activist).toBe(before.activist);
    expect(d.admissionVote).toBe(before.admissionVote);
    expect(d.probationEnd).toBe(before.probationEnd);
    // full membership dates from the probation end, not from the postponed discussion
    expect(d.fullMember).toBe(before.probationEnd);
    expect(final.orgId).toBe(EDU_BRANCH);
    expect(final.data.flags).toEqual([]);
    expect(final.data.bodies).toEqual({ upperCommitteeId: EDU_UPPER, partyGroupBodyId: EDU_PG });
    expect(transfersOf(final)).toEqual([
      expect.objectContaining({ phase: 'probationary', postponeMonths: 3, documentNo: '组转〔2027〕12号' }),
    ]);
    state = final;
    expect(state.timeline.find((e) => e.event === 'admission.transferred')?.detail).toMatchObject({
      fromOrgId: BRANCH,
      toOrgId: EDU_BRANCH,
      effectiveDate: onDate,
      documentNo: '组转〔2027〕12号',
      discussionFrom,
    });
    expect(await membershipRows(h, personId)).toEqual([
      { orgId: BRANCH, status: 'probationary', since: d.admissionVote, until: onDate },
      { orgId: EDU_BRANCH, status: 'probationary', since: onDate, until: d.probationEnd },
      { orgId: EDU_BRANCH, status: 'full', since: d.probationEnd, until: null },
    ]);
    const waited = await waitForState(handle, (s) => s.status === 'completed');
    expect(waited.timeline.filter((e) => e.event === 'admission.transferred')).toHaveLength(1);
  });
});
