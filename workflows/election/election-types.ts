import type { Candidate } from '../../libs/contracts';
import type { Ballot, RoundTally, RuleViolation } from '../../libs/domain';

export interface ElectionInput {
  parentCaseId: string;
  orgId: string;
  orgPath: string[];
  seats: number;
  /** false for a branch without a committee: the general meeting elects secretary and deputy directly (RULES §D.6) */
  hasCommittee: boolean;
  /** false for a by-election of committee members only: the meeting ends when the seats are filled (RULES §D.8) */
  electOfficers?: boolean;
  candidates: Candidate[];
  rosterPersonIds: string[];
  /**
   * An existing organization whose roster on the meeting date is the electorate (term and by-elections); absent for
   * a founding election, whose electorate is the request's roster (people still held elsewhere).
   */
  rosterOrgId?: string;
  /**
   * The organization's type when the seats are checked again against the roster of the meeting date (RULES §B.1,
   * §D.3): term elections started under the `meeting-date-seats` patch; absent before and elsewhere.
   */
  seatsRuleOrgType?: string;
  /** users who enter meeting data as clerks or tellers (the case's submitter) besides submitters on the org path */
  clerkUserIds: string[];
  policyVersion: string;
  /** officersOnly: the committee stands, only secretary and deputy are (re-)elected (RULES §C failure path, §D.6) */
  /** the type's smallest committee: a seat reduction never goes below it (RULES §D.5; default 3) */
  minCommitteeSize?: number;
  mode: 'full' | 'officersOnly';
  /** officersOnly: the standing committee; full (by-election): the sitting members who stay on the committee */
  committee?: string[];
}

export type RoundKind = 'committee' | 'tie' | 'separate' | 'secretary' | 'deputy';

export interface ElectionRound {
  roundId: string;
  kind: RoundKind;
  meetingNo: number;
  seats: number;
  candidateIds: string[];
  presentVoters: number;
  ballots: Ballot[];
  status: 'open' | 'closed';
  tally: RoundTally | null;
}

export interface ElectionMeeting {
  /** RULES H-2: true when the quorum was met only under the policy's exactly-4/5 toggle (recorded) */
  exactlyAllowedUsed?: boolean;
  meetingNo: number;
  body: 'generalMeeting' | 'committee';
  meetingDate: string;
  due: number;
  present: number;
  required: number;
  quorumMet: boolean;
  explanation: string;
  explanationEn: string;
  dueIds: string[];
  presentIds: string[];
  excludedIds: string[];
  noRightIds: string[];
  scrutineerIds: string[];
  tellerIds: string[];
}

export type ElectionPhase =
  'awaitingMeeting' | 'openingMeeting' | 'voting' | 'awaitingOfficersMeeting' | 'officersVoting' | 'done' | 'failed';

export interface ElectionState {
  phase: ElectionPhase;
  seats: number;
  candidates: Candidate[];
  meetings: ElectionMeeting[];
  rounds: ElectionRound[];
  elected: string[];
  secretaryId: string | null;
  deputyId: string | null;
  pendingOfficers: { secretaryId: string; deputyId?: string } | null;
  failureReason: string | null;
  /** RULES §B.1 on the meeting date's roster: the refusal that ended the meeting, else null (absent before) */
  seatsViolation?: RuleViolation | null;
  /** RULES §B.1 advice on the meeting date's roster: a branch of 7 or more full members should elect a committee */
  seatsAdvice?: RuleViolation | null;
}

export interface ElectionResult {
  /** the election child's workflow id (absent in results of runs before it was returned) */
  workflowId?: string;
  /** seats and candidates of the meeting, so the final state can be shown from the case record (absent before) */
  seats?: number;
  candidates?: Candidate[];
  status: 'elected' | 'failed';
  committee: string[];
  secretaryId: string | null;
  deputyId: string | null;
  failureReason: string | null;
  /** the seats refused on the meeting date's roster (RULES §B.1): the case goes back to its preparation */
  seatsViolation?: RuleViolation | null;
  seatsAdvice?: RuleViolation | null;
  meetings: ElectionMeeting[];
  rounds: Omit<ElectionRound, 'ballots'>[];
}
