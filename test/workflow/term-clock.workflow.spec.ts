import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  cancelCaseUpdate,
  caseStateQuery,
  decideTaskUpdate,
  termClockQuery,
  termShiftApprovedSignal,
  WORKFLOW_TYPES,
  workflowIds,
  type TermClockInput,
  type TermElectionInput,
} from '../../libs/contracts';
import { addToDate, checkShiftRequest, getPolicy, nextTermDates } from '../../libs/domain';
import { waitForState, waitForTask, refusal } from './harness/case-polling';
import {
  createTermOrg,
  delayRequest,
  registryTerm,
  serverToday,
  startTermClock,
  startTermShift,
  waitForClock,
  waitForRegistry,
} from './harness/term-harness';
import {
  admin,
  ballots,
  candidates,
  decide,
  financePartyGroup,
  meeting,
  seedTermOrg,
  UPPER_BODY_ID,
  upperApprover,
  workCommittee as financeWorkCommittee,
} from './harness/term-election-harness';
import { actor, sleepUntil as skipTo, startHarness, type Harness } from './harness/workflow-harness';

jest.setTimeout(120_000);

const policy = getPolicy();
const partyGroup = actor('u-pg-edu', [{ role: 'approver', at: 'pg-edu' }]);
const workCommittee = actor('u-wc-approver', [{ role: 'approver', at: 'org-wc' }]);

describe('term clock and term shift on the time-skipping server', () => {
  let h: Harness;
  /** workflows a test leaves running (clocks, election cases) are terminated after it */
  const leftRunning: string[] = [];

  // Each test gets its own time-skipping server and worker: clocks and cases of one test keep timers and
  // activities that would otherwise hold the shared server's time for the next test.
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    for (const id of leftRunning.splice(0)) {
      await h.env.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined);
    }
    await h?.stop();
  });

  /** Moves the server's time to noon (UTC) of the given day; never backwards. */
  async function sleepUntil(day: string): Promise<void> {
    await skipTo(h, `${day}T12:00:00.000Z`);
  }

  async function clock(input: TermClockInput): Promise<WorkflowHandle> {
    await startTermClock(h, input);
    leftRunning.push(workflowIds.termClock(input.orgId), workflowIds.termElection(input.orgId, input.termNo));
    // A handle without run id follows the clock across continue-as-new.
    return h.env.client.workflow.getHandle(workflowIds.termClock(input.orgId));
  }

  async function exists(workflowId: string): Promise<boolean> {
    try {
      await h.env.client.workflow.getHandle(workflowId).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /** The election case's start input, read from its history (what the clock passed to the child). */
  async function electionInputOf(workflowId: string): Promise<TermElectionInput> {
    const history = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    return defaultPayloadConverter.fromPayload(payload!);
  }

  it('3-year branch: nothing until T − 6 months, then the case opens; overdue after T until a shift is approved', async () => {
    const today = await serverToday(h);
    const termEnd = addToDate(today, { months: 8 });
    const input = await createTermOrg(h, { type: 'branch', termEnd, termYears: 3 });
    const handle = await clock(input);
    const electionId = workflowIds.termElection(input.orgId, 1);
    const openOn = addToDate(termEnd, { months: -6 });

    let view = await waitForClock(handle, (v) => v.state === 'current');
    expect(view).toMatchObject({ termNo: 1, termEnd, electionDue: termEnd, electionCaseId: null, shifts: [] });
    await waitForRegistry(h, input.orgId, (r) => r.termState === 'current');

    // RULES §D.1: the day before T − 6 months nothing has happened.
    await sleepUntil(addToDate(openOn, { days: -1 }));
    view = await handle.query(termClockQuery);
    expect(view.state).toBe('current');
    expect(await exists(electionId)).toBe(false);

    // On T − 6 months the election case opens by itself, as a child of the clock.
    await sleepUntil(openOn);
    view = await waitForClock(handle, (v) => v.electionCaseId !== null);
    expect(view).toMatchObject({ state: 'electionOpen', electionCaseId: electionId, electionDue: termEnd });
    const row = await waitForRegistry(h, input.orgId, (r) => r.termState === 'electionOpen');
    expect(row).toMatchObject({ electionCaseId: electionId, termNo: 1, electionDue: null });
    const described = await h.env.client.workflow.getHandle(electionId).describe();
    expect(described.type).toBe(WORKFLOW_TYPES.termElection);
    expect(described.status.name).toBe('RUNNING');
    expect(described.parentExecution?.workflowId).toBe(workflowIds.termClock(input.orgId));
    expect(await electionInputOf(electionId)).toMatchObject({
      caseId: electionId,
      orgId: input.orgId,
      orgType: 'branch',
      termNo: 1,
      termEnd,
      electionDue: termEnd,
      upperBodyId: 'org-edu-oc',
      hasCommittee: true,
    });

    // On T itself the election is not yet overdue; the day after T it is (RULES H-19), case still open.
    await sleepUntil(termEnd);
    expect((await handle.query(termClockQuery)).state).toBe('electionOpen');
    await sleepUntil(addToDate(termEnd, { days: 1 }));
    view = await waitForClock(handle, (v) => v.state === 'overdue');
    expect(view.electionCaseId).toBe(electionId);
    await waitForRegistry(h, input.orgId, (r) => r.termState === 'overdue' && r.electionCaseId === electionId);

    // A delay approved late (signal as the shift case sends it): no longer overdue, and the open case is told.
    const delayedTo = addToDate(termEnd, { months: 6 });
    await handle.signal(termShiftApprovedSignal, { caseId: 'shift-late', to: delayedTo, approvedAt: termEnd });
    view = await waitForClock(handle, (v) => v.electionDue === delayedTo);
    expect(view).toMatchObject({ state: 'electionOpen', shiftedTo: delayedTo, electionCaseId: electionId });
    await waitForState(h.env.client.workflow.getHandle(electionId), (s) => s.data.electionDue === delayedTo);
    await waitForRegistry(h, input.orgId, (r) => r.termState === 'electionOpen' && r.electionDue === delayedTo);
  });

  it('5-year organ committee: opens at T − 6 months; a closed case leaves the term dueSoon; after T it is overdue and a new attempt opens', async () => {
    const today = await serverToday(h);
    const termEnd = addToDate(today, { months: 7 });
    const input = await createTermOrg(h, { type: 'organCommittee', termEnd, termYears: 5, termNo: 2 });
    expect(input.termStart).toBe(addToDate(termEnd, { years: -5 }));
    const handle = await clock(input);
    const electionId = workflowIds.termElection(input.orgId, 2);
    const openOn = addToDate(termEnd, { months: -6 });

    await sleepUntil(addToDate(openOn, { days: -1 }));
    expect(await waitForClock(handle, (v) => v.state === 'current')).toMatchObject({ termNo: 2, electionCaseId: null });
    expect(await exists(electionId)).toBe(false);

    await sleepUntil(openOn);
    await waitForClock(handle, (v) => v.state === 'electionOpen' && v.electionCaseId === electionId);
    expect(await electionInputOf(electionId)).toMatchObject({
      orgType: 'organCommittee',
      termNo: 2,
      electionDue: termEnd,
      upperBodyId: 'org-wc',
    });

    // An admin cancels the case (no new term): inside the reminder lead with no open case the term is dueSoon.
    await h.env.client.workflow.getHandle(electionId).executeUpdate(cancelCaseUpdate, {
      args: [{ actor: admin, reason: '组织调整，另行安排' }],
    });
    let view = await waitForClock(handle, (v) => v.electionCaseId === null);
    expect(view.state).toBe('dueSoon');
    await waitForRegistry(h, input.orgId, (r) => r.termState === 'dueSoon' && r.electionCaseId === null);

    // T passes with no election: overdue, and the clock opens a new attempt of the election (RULES H-19 policy),
    // which carries the overdue escalation from there.
    expect((await h.env.client.workflow.getHandle(electionId).describe()).status.name).toBe('COMPLETED');
    await sleepUntil(addToDate(termEnd, { days: 1 }));
    view = await waitForClock(handle, (v) => v.state === 'overdue' && v.electionCaseId === `${electionId}:r2`);
    await waitForRegistry(h, input.orgId, (r) => r.termState === 'overdue' && r.electionCaseId === `${electionId}:r2`);
    expect(await electionInputOf(`${electionId}:r2`)).toMatchObject({ termNo: 2, electionDue: termEnd });
  });

  it('an approved one-year delay moves electionDue; the case opens 6 months before the new date, not the old', async () => {
    const today = await serverToday(h);
    const termEnd = addToDate(today, { months: 8 });
    const newDue = addToDate(termEnd, { years: 1 });
    const input = await createTermOrg(h, { type: 'branch', termEnd, termYears: 3 });
    const handle = await clock(input);
    await waitForClock(handle, (v) => v.state === 'current');

    const { handle: shift, input: shiftInput } = await startTermShift(h, input, 1, delayRequest(newDue));
    const s1 = await waitForTask(shift, 'S1');
    expect(s1).toMatchObject({ assignedBodyId: 'pg-edu', procedure: 'termElection' });
    await shift.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: s1.taskId, outcome: 'approve' }],
    });
    const s2 = await waitForTask(shift, 'S2');
    expect(s2.assignedBodyId).toBe('org-wc');
    await shift.executeUpdate(decideTaskUpdate, {
      args: [
        { actor: workCommittee, taskId: s2.taskId, outcome: 'approve', payload: { replyNo: '工委复〔2026〕7号' } },
      ],
    });
    // Polled, not awaited: awaiting a result lets the time-skipping server jump to the clock's next timer.
    const done = await waitForState(shift, (s) => s.status !== 'active');
    expect(done.status).toBe('completed');
    expect(done.timeline.map((e) => e.event)).toEqual(expect.arrayContaining(['shift.checked', 'term.shifted']));
    expect(done.data.result).toMatchObject({ approvedElectionDate: newDue, termEnd });

    let view = await waitForClock(handle, (v) => v.shiftedTo === newDue);
    expect(view).toMatchObject({ electionDue: newDue, state: 'current', termEnd });
    expect(view.shifts).toEqual([
      { caseId: shiftInput.caseId, from: termEnd, to: newDue, approvedAt: expect.any(String) as string },
    ]);
    await waitForRegistry(h, input.orgId, (r) => r.electionDue === newDue && r.termState === 'current');

    // The old opening date (T − 6 months) and the old T pass quietly.
    await sleepUntil(addToDate(termEnd, { months: -6 }));
    await sleepUntil(addToDate(termEnd, { days: 1 }));
    view = await handle.query(termClockQuery);
    expect(view).toMatchObject({ state: 'current', electionCaseId: null });
    expect(await exists(workflowIds.termElection(input.orgId, 1))).toBe(false);

    // Six months before the new date the case opens, due on the new date.
    const newOpen = addToDate(newDue, { months: -6 });
    await sleepUntil(addToDate(newOpen, { days: -1 }));
    expect((await handle.query(termClockQuery)).state).toBe('current');
    await sleepUntil(newOpen);
    view = await waitForClock(handle, (v) => v.state === 'electionOpen');
    expect(await electionInputOf(view.electionCaseId!)).toMatchObject({ termEnd, electionDue: newDue });
  });

  it('a 13-month delay is refused at start and by the S2 validator, and changes nothing', async () => {
    const today = await serverToday(h);
    const termEnd = addToDate(today, { months: 8 });
    const tooLate = addToDate(termEnd, { months: 13 });
    const inCap = addToDate(termEnd, { months: 12 });
    // The API-level check (RULES §B.3): 13 months refused, 12 accepted.
    expect(checkShiftRequest(termEnd, tooLate, today, policy)?.code).toBe('TERM_DELAY_EXCEEDED');
    expect(checkShiftRequest(termEnd, inCap, today, policy)).toBeNull();

    const input = await createTermOrg(h, { type: 'branch', termEnd, termYears: 3 });
    const handle = await clock(input);
    await waitForClock(handle, (v) => v.state === 'current');

    // Started anyway (bypassing the API): rejected at its first step, no task ever opened.
    const { handle: refused } = await startTermShift(h, input, 1, delayRequest(tooLate));
    const closed = await waitForState(refused, (s) => s.status !== 'active');
    expect(closed.status).toBe('rejected');
    expect(closed.closeReason).toContain('TERM_DELAY_EXCEEDED');
    expect(closed.timeline.some((e) => e.event === 'task.opened')).toBe(false);
    expect(closed.data.violation).toMatchObject({ code: 'TERM_DELAY_EXCEEDED', numbers: { latest: inCap } });

    // A 12-month request reaches S2; the work committee cannot approve 13 months instead.
    const { handle: shift } = await startTermShift(h, input, 2, delayRequest(inCap));
    const s1 = await waitForTask(shift, 'S1');
    await shift.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: s1.taskId, outcome: 'approve' }],
    });
    const s2 = await waitForTask(shift, 'S2');
    const code = await refusal(
      shift.executeUpdate(decideTaskUpdate, {
        args: [
          { actor: workCommittee, taskId: s2.taskId, outcome: 'approve', payload: { approvedElectionDate: tooLate } },
        ],
      }),
    );
    expect(code).toBe('TERM_DELAY_EXCEEDED');
    expect((await shift.query(caseStateQuery)).pendingTasks.map((t) => t.step)).toEqual(['S2']);
    await shift.executeUpdate(decideTaskUpdate, {
      args: [{ actor: workCommittee, taskId: s2.taskId, outcome: 'reject', comment: '理由不充分' }],
    });
    expect((await waitForState(shift, (s) => s.status !== 'active')).status).toBe('rejected');

    // Nothing moved: the clock and the registry still have T.
    const view = await handle.query(termClockQuery);
    expect(view).toMatchObject({ shiftedTo: null, electionDue: termEnd, shifts: [], state: 'current' });
    expect(await registryTerm(h, input.orgId)).toMatchObject({ electionDue: null, termState: 'current' });

    // The clock itself ignores a shift signal beyond the cap; a valid one after it applies alone.
    await handle.signal(termShiftApprovedSignal, { caseId: 'x-13', to: tooLate, approvedAt: today });
    await handle.signal(termShiftApprovedSignal, {
      caseId: 'x-6',
      to: addToDate(termEnd, { months: 6 }),
      approvedAt: today,
    });
    const moved = await waitForClock(handle, (v) => v.shifts.length > 0);
    expect(moved.shifts.map((s) => s.caseId)).toEqual(['x-6']);
  });

  it('after a completed election the clock continues as new with the next term number and dates', async () => {
    const today = await serverToday(h);
    const termEnd = addToDate(today, { months: 5 });
    const org = await seedTermOrg(h, { termEnd, termStart: addToDate(termEnd, { years: -3 }) });
    const input: TermClockInput = {
      orgId: org.orgId,
      orgPath: org.orgPath,
      orgName: org.orgName,
      orgType: 'branch',
      termNo: 1,
      termStart: org.termStart,
      termEnd,
      shiftedTo: null,
      partyGroupBodyId: 'pg-finance',
      workCommitteeBodyId: 'org-wc',
      upperBodyId: UPPER_BODY_ID,
      policyVersion: policy.version,
      hasCommittee: true,
    };
    const handle = await clock(input);
    const firstRunId = (await handle.describe()).runId;
    // Already inside the reminder lead: the case opens at once.
    const view = await waitForClock(handle, (v) => v.state === 'electionOpen');
    const election = h.env.client.workflow.getHandle(view.electionCaseId!);

    const [c1, c2, c3, c4] = org.fullIds as [string, string, string, string];
    await decide(election, 'E0', upperApprover, 'approve');
    await decide(election, 'E1', org.clerk, 'submit', {
      plannedElectionDate: addToDate(today, { months: 1 }),
      seats: 3,
      nominationMethod: '党小组推荐',
      electionRules: '差额选举办法',
      workReport: '支部委员会工作报告',
    });
    await decide(election, 'E2', financePartyGroup, 'approve');
    await decide(election, 'E3', financeWorkCommittee, 'approve');
    await decide(election, 'E4', org.clerk, 'submit', {
      nominations: [c1, c2, c3, c4].map((personId) => ({ personId, name: personId, nominatedBy: '第一党小组' })),
    });
    await decide(election, 'E5', org.clerk, 'submit', { candidates: candidates([c1, c2, c3, c4]) });
    await decide(election, 'E6', financePartyGroup, 'approve');
    await decide(election, 'E7', financeWorkCommittee, 'approve');

    const state = await waitForState(election, (s) => typeof s.data.electionWorkflowId === 'string');
    const meetingHandle = h.env.client.workflow.getHandle(String(state.data.electionWorkflowId));
    const m = meeting(meetingHandle, org.clerk);
    const general = await m.open({ meetingDate: today, presentVoterIds: org.fullIds });
    const round = await m.vote(general.roundId!, ballots(10, [c1, c2, c3]), 10);
    expect(round.tally.elected).toEqual([c1, c2, c3]);
    const officers = await m.open({
      meetingDate: today,
      presentVoterIds: [c1, c2, c3],
      officerCandidates: { secretaryId: c1, deputyId: c2 },
    });
    const sec = await m.vote(officers.roundId!, ballots(3, [c1]), 3);
    const dep = await m.vote(sec.nextRoundId!, ballots(3, [c2]), 3);
    expect(dep.phase).toBe('done');

    await decide(election, 'E9', financePartyGroup, 'approve');
    await decide(election, 'E10', financeWorkCommittee, 'approve', {
      replyNo: '工委复〔2026〕9号',
      effectiveDate: today,
    });
    const closedCase = await waitForState(election, (s) => s.status !== 'active');
    expect(closedCase.status).toBe('completed');
    expect(closedCase.data.result).toMatchObject({ status: 'newTerm', termStart: today });

    // RULES §D.7, H-7: the next term runs from the approval's effective date; the clock's next run shows it.
    const next = nextTermDates(today, 'branch', policy);
    const after = await waitForClock(handle, (v) => v.termNo === 2);
    expect(after).toMatchObject({
      termNo: 2,
      termStart: today,
      termEnd: next.termEnd,
      shiftedTo: null,
      electionDue: next.termEnd,
      state: 'current',
      electionCaseId: null,
      shifts: [],
    });
    const firstRun = h.env.client.workflow.getHandle(workflowIds.termClock(org.orgId), firstRunId);
    expect((await firstRun.describe()).status.name).toBe('CONTINUED_AS_NEW');
    await waitForRegistry(
      h,
      org.orgId,
      (r) => r.termNo === 2 && r.termState === 'current' && r.termStart === today && r.termEnd === next.termEnd,
    );
  });
});
