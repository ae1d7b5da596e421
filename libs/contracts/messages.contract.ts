import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AdmissionContactChangeArgs,
  AdmissionContactChangeRecord,
  AdmissionTransferArgs,
  AdmissionTransferResult,
} from './admission.contract';
import type { Actor } from './identity.contract';
import type { CaseState, CaseStatus, DecisionResult, Outcome } from './case.contract';
import type { CloseRoundInput, OpenMeetingInput, ReduceSeatsInput, SubmitBallotsInput } from './election.contract';
import type { TermClockView } from './term.contract';

// Message names are stable strings: renaming one is a versioning event for running cases.
// This module stays free of zod (type imports only): workflows import their messages from here, and every zod schema
// evaluated by a workflow module costs heap in each cached case (issue 12).

export interface DecideTaskArgs {
  actor: Actor;
  taskId: string;
  outcome: Outcome;
  comment?: string;
  payload?: Record<string, unknown>;
}
export interface CaseCommandArgs {
  actor: Actor;
  reason?: string;
}
export interface CaseCommandResult {
  caseId: string;
  status: CaseStatus;
}

/** Every human decision of every procedure enters through this one update (approval kernel). */
export const decideTaskUpdate = defineUpdate<DecisionResult, [DecideTaskArgs]>('decideTask');
export const withdrawCaseUpdate = defineUpdate<CaseCommandResult, [CaseCommandArgs]>('withdrawCase');
export const cancelCaseUpdate = defineUpdate<CaseCommandResult, [CaseCommandArgs]>('cancelCase');
export const caseStateQuery = defineQuery<CaseState>('caseState');

// Election meeting child workflow (founding and term elections)
export interface ElectionCommandArgs<T> {
  actor: Actor;
  input: T;
}
export interface MeetingResultView {
  meetingNo: number;
  quorumMet: boolean;
  due: number;
  present: number;
  required: number;
  explanation: string;
  explanationEn: string;
  roundId: string | null;
}
export interface SubmitBallotsResult {
  roundId: string;
  accepted: number;
  returnedSoFar: number;
}
export const openMeetingUpdate = defineUpdate<MeetingResultView, [ElectionCommandArgs<OpenMeetingInput>]>(
  'openMeeting',
);
export const submitBallotsUpdate = defineUpdate<SubmitBallotsResult, [ElectionCommandArgs<SubmitBallotsInput>]>(
  'submitBallots',
);
/** Returns the round's tally view (ElectionRoundView); typed loosely here to keep contracts free of domain types. */
export const closeRoundUpdate = defineUpdate<Record<string, unknown>, [ElectionCommandArgs<CloseRoundInput>]>(
  'closeRound',
);
export const reduceSeatsUpdate = defineUpdate<Record<string, unknown>, [ElectionCommandArgs<ReduceSeatsInput>]>(
  'reduceSeats',
);
export const electionStateQuery = defineQuery<Record<string, unknown>>('electionState');

// Member development (admission)
export const transferAdmissionUpdate = defineUpdate<AdmissionTransferResult, [AdmissionTransferArgs]>(
  'transferAdmission',
);
export const changeContactsUpdate = defineUpdate<AdmissionContactChangeRecord, [AdmissionContactChangeArgs]>(
  'changeCultivationContacts',
);

/** Sent by an approved term-shift case: the election is now due on `to` (RULES §B.3). */
export const termShiftApprovedSignal =
  defineSignal<[{ caseId: string; to: string; approvedAt: string }]>('termShiftApproved');
export const termClockQuery = defineQuery<TermClockView>('termClock');
