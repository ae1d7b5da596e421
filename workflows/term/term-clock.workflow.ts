import {
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { termClockQuery, termShiftApprovedSignal } from '../../libs/contracts/messages.contract';
import { WORKFLOW_TYPES, workflowIds } from '../../libs/contracts/temporal-names.contract';
import type { TermClockInput, TermClockView, TermElectionInput } from '../../libs/contracts';
import {
  addToDate,
  checkTermShift,
  overdueFrom,
  electionDue,
  electionOpenDate,
  getPolicy,
  termStateOn,
  type PolicyTable,
} from '../../libs/domain';
import { Deadlines } from '../kernel/deadlines';
import { LOCAL_MIDNIGHT_TIMERS } from '../kernel/local-calendar';
import { clockActs } from './clock/term-activities';
import { dayOf, newTermOf, nextBoundaryMs, startOfDayMs } from './clock/term-clock.state';

type ShiftSignal = { caseId: string; to: string; approvedAt: string };
type ElectionWorkflow = (input: TermElectionInput) => Promise<unknown>;

/**
 * 任期时钟 — one per ACTIVE organization (id termClock:<orgId>), one run per term (continued-as-new at each new term).
 * At electionDue − 6 months (RULES §D.1) it opens the term election case as an abandoned child and waits for it; an
 * approved shift (RULES §B.3) moves electionDue and its timers and is forwarded to the running case; after T with no
 * new term the state is overdue (RULES H-19). Every state change is projected to the registry (recordTermState).
 */
export async function termClockWorkflow(input: TermClockInput): Promise<void> {
  const policy = getPolicy(input.policyVersion);
  // one calendar (issue 10): days and date timers on the organization's calendar; runs recorded before keep UTC
  const offset = patched(LOCAL_MIDNIGHT_TIMERS) ? policy.localUtcOffsetMinutes : 0;
  const electionId = workflowIds.termElection(input.orgId, input.termNo);
  let shiftedTo = input.shiftedTo;
  const shifts: TermClockView['shifts'] = [];
  const toForward: ShiftSignal[] = [];
  // Held in one object: its fields change in handlers and promise callbacks, outside the loop's control flow.
  const run: {
    election: ChildWorkflowHandle<ElectionWorkflow> | null;
    runningCaseId: string | null;
    settled: { value: unknown } | null;
  } = { election: null, runningCaseId: null, settled: null };
  /** false after a case closed without a new term: reopened by an approved shift, or by `reopenAt` */
  let mayOpen = true;
  /**
   * A case closed without a new term (e.g. cancelled by an administrator) is followed by a new attempt once the
   * election is overdue, and at the latest one escalation interval later (RULES H-19 policy): the term never stays
   * without an open election case past T.
   */
  let reopenAt: string | null = null;
  let attempts = 0;
  const deadlines = new Deadlines();
  let changed = false;

  const view = (): TermClockView => {
    const due = electionDue(input.termEnd, shiftedTo);
    return {
      orgId: input.orgId,
      termNo: input.termNo,
      termStart: input.termStart,
      termEnd: input.termEnd,
      shiftedTo,
      electionDue: due,
      state: termStateOn(
        dayOf(Date.now(), offset),
        { termEnd: input.termEnd, shiftedTo, electionOpen: run.runningCaseId !== null, closed: false },
        policy,
      ),
      electionCaseId: run.runningCaseId,
      shifts: shifts.map((s) => ({ ...s })),
    };
  };
  setHandler(termClockQuery, view);

  setHandler(termShiftApprovedSignal, (s: ShiftSignal) => {
    if (shifts.some((x) => x.caseId === s.caseId)) return; // a redelivered signal
    // The shift case checked the cap already; the clock never moves past it (RULES §B.3: ≤ 1 year from T).
    if (!withinCap(input.termEnd, s.to, policy)) return;
    shifts.push({ caseId: s.caseId, from: electionDue(input.termEnd, shiftedTo), to: s.to, approvedAt: s.approvedAt });
    shiftedTo = s.to;
    toForward.push(s);
    mayOpen = true;
    changed = true;
  });

  let projected = '';
  for (;;) {
    changed = false;
    if (run.settled !== null) {
      const next = newTermOf(run.settled.value);
      if (next) {
        // A new term (RULES §D.7, H-7): the next run counts from the approval's dates, with no shift.
        await continueAsNew<typeof termClockWorkflow>({
          ...input,
          termNo: input.termNo + 1,
          termStart: next.termStart,
          termEnd: next.termEnd,
          shiftedTo: null,
        });
      }
      // Cancelled or failed case: the term stays open (dueSoon or overdue); a new attempt follows (see reopenAt).
      run.settled = null;
      run.election = null;
      run.runningCaseId = null;
      mayOpen = false;
      const overdueOn = overdueFrom(electionDue(input.termEnd, shiftedTo)); // RULES H-19
      const later = addToDate(dayOf(Date.now(), offset), policy.overdueEscalationRepeat);
      reopenAt = overdueOn > dayOf(Date.now(), offset) ? overdueOn : later;
    }

    const running = run.election;
    if (running) {
      for (const s of toForward.splice(0)) {
        // The running case moves its own overdue date; a case that has just closed no longer needs it.
        await running.signal(termShiftApprovedSignal, s).catch(() => undefined);
      }
    } else toForward.length = 0;

    const due = electionDue(input.termEnd, shiftedTo);
    const today = dayOf(Date.now(), offset);
    const reopenDue = reopenAt !== null && today >= reopenAt;
    if (!run.election && ((mayOpen && today >= electionOpenDate(due, policy)) || reopenDue)) {
      reopenAt = null;
      await openElection(due);
      continue;
    }

    const v = view();
    const key = `${v.state}|${v.electionDue}|${v.electionCaseId ?? ''}`;
    if (key !== projected) {
      await clockActs.recordTermState({
        orgId: input.orgId,
        termNo: input.termNo,
        electionDue: v.electionDue,
        state: v.state,
        electionCaseId: v.electionCaseId,
        at: new Date().toISOString(),
      });
      projected = key;
    }

    const boundary = nextBoundaryMs(
      Date.now(),
      { termEnd: input.termEnd, shiftedTo, canOpen: run.election === null && mayOpen },
      policy,
      offset,
    );
    const reopenMs = reopenAt !== null && run.election === null ? startOfDayMs(reopenAt, offset) : null;
    const wakeAt = [boundary, reopenMs].filter((ms): ms is number => ms !== null).sort((a, b) => a - b)[0] ?? null;
    const ready = () => changed || run.settled !== null;
    if (wakeAt === null) await condition(ready);
    else await deadlines.until(ready, wakeAt);
  }

  /** T − 6 months: the election case opens by itself; it outlives this run (ABANDON) and reports back its result. */
  async function openElection(due: string): Promise<void> {
    // Each attempt of the term's election is its own case: election:<org>:<term>, then …:r2, …:r3.
    attempts += 1;
    const caseId = attempts === 1 ? electionId : `${electionId}:r${attempts}`;
    const electionInput: TermElectionInput = {
      caseId,
      orgId: input.orgId,
      orgPath: input.orgPath,
      orgName: input.orgName,
      orgType: input.orgType,
      termNo: input.termNo,
      termEnd: input.termEnd,
      electionDue: due,
      hasCommittee: input.hasCommittee ?? true,
      partyGroupBodyId: input.partyGroupBodyId,
      workCommitteeBodyId: input.workCommitteeBodyId,
      upperBodyId: input.upperBodyId,
      policyVersion: input.policyVersion,
    };
    try {
      const child = await startChild<ElectionWorkflow>(WORKFLOW_TYPES.termElection, {
        workflowId: caseId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [electionInput],
      });
      run.election = child;
      run.runningCaseId = child.workflowId;
      toForward.length = 0; // the case starts with the current electionDue
      child.result().then(
        (value) => void (run.settled = { value }),
        () => void (run.settled = { value: null }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // A case of this term is already running (a clock restarted beside it): show it, do not open a second one.
      run.runningCaseId = caseId;
      mayOpen = false;
    }
  }
}

/** Within the RULES §B.3 window; a date that is not a calendar date is not (checkTermShift answers INVALID_DATE). */
function withinCap(termEnd: string, to: unknown, policy: PolicyTable): to is string {
  return typeof to === 'string' && checkTermShift(termEnd, to, policy) === null;
}
