import { z } from 'zod';
import type { RuleViolation } from '../domain/errors/rule-violation';
import { candidateSchema, type DecisionRecord } from './establishment.contract';
import type { orgTypeSchema } from './registry.contract';

// ── Term clock (任期) — RULES §B.2, §B.3, §D.1 ────────────────────────────────────────────────────────────────────
// One long-lived workflow per ACTIVE organization, id `termClock:<orgId>`, continued-as-new at every new term.

export interface TermClockInput {
  orgId: string;
  orgPath: string[];
  orgName: string;
  orgType: z.infer<typeof orgTypeSchema>;
  /** 1-based term number of the organization (the founding election starts term 1) */
  termNo: number;
  termStart: string; // YYYY-MM-DD
  termEnd: string; // YYYY-MM-DD, T
  /** approved shifted election date (提前 / 延期), null when the election is due at T */
  shiftedTo: string | null;
  partyGroupBodyId: string;
  workCommitteeBodyId: string;
  /** body that reminds and receives the request: the parent organization (its committee) */
  upperBodyId: string;
  policyVersion: string;
  /** whether the organization has a committee (支委会); passed to the election case, default true */
  hasCommittee?: boolean;
}

export type TermState = 'current' | 'dueSoon' | 'electionOpen' | 'overdue' | 'closed';

export interface TermClockView {
  orgId: string;
  termNo: number;
  termStart: string;
  termEnd: string;
  shiftedTo: string | null;
  /** the date the election is due: shiftedTo ?? termEnd */
  electionDue: string;
  state: TermState;
  electionCaseId: string | null;
  shifts: { caseId: string; from: string; to: string; approvedAt: string }[];
}

// ── Term shift request (提前 / 延期换届) — RULES §B.3 ─────────────────────────────────────────────────────────────────
export const termShiftReasonSchema = z.enum([
  // delay grounds (seed 002)
  'rectification',
  'leadershipWeak',
  'membersAway',
  'emergency',
  'cannotWorkNormally',
  // advance grounds (practice)
  'manyVacancies',
  'committeeMisconduct',
  'upperDecision',
  'other',
]);

export const termShiftRequestSchema = z
  .object({
    plannedElectionDate: z.string().date(),
    grounds: z.array(termShiftReasonSchema).min(1),
    reasons: z.string().min(1).max(4000),
  })
  .meta({ id: 'TermShiftRequest' });
export type TermShiftRequest = z.infer<typeof termShiftRequestSchema>;

export interface TermShiftInput {
  caseId: string;
  orgId: string;
  orgPath: string[];
  termNo: number;
  termEnd: string;
  request: TermShiftRequest;
  partyGroupBodyId: string;
  workCommitteeBodyId: string;
  submittedBy: string;
  submittedAt: string;
  policyVersion: string;
}

// ── Term election case (换届选举) — RULES §D.1–D.7 ──────────────────────────────────────────────────────────────────
export interface TermElectionInput {
  caseId: string; // election:<orgId>:<termNo>
  orgId: string;
  orgPath: string[];
  orgName: string;
  orgType: z.infer<typeof orgTypeSchema>;
  termNo: number;
  termEnd: string;
  electionDue: string;
  hasCommittee: boolean;
  partyGroupBodyId: string;
  workCommitteeBodyId: string;
  upperBodyId: string;
  policyVersion: string;
}

export interface TermElectionResult {
  status: 'newTerm' | 'closed';
  termStart: string | null;
  termEnd: string | null;
}

/** E1 — outgoing committee's decision on the election (RULES §D.1 T − 1 to 2 months). */
export const electionPreparationSchema = z
  .object({
    plannedElectionDate: z.string().date(),
    seats: z.number().int().min(0).max(21),
    nominationMethod: z.string().min(1),
    electionRules: z.string().min(1),
    workReport: z.string().min(1),
    /** ≥ 500 members: a delegate congress with upper approval instead of a general meeting (RULES §B.1) */
    delegateCongress: z.boolean().default(false),
    congressApprovalRef: z.string().optional(),
  })
  .meta({ id: 'ElectionPreparation' });
export type ElectionPreparation = z.infer<typeof electionPreparationSchema>;

/** E4 — nominations from party cells or branches (RULES §D.2, bottom-up). */
export const nominationsSchema = z
  .object({
    nominations: z
      .array(z.object({ personId: z.string().min(1), name: z.string().min(1), nominatedBy: z.string().min(1) }))
      .min(1),
  })
  .meta({ id: 'Nominations' });

/** E5 — the outgoing committee's candidate list (preliminary candidates, surplus ≥ 20%). */
export const candidateListSchema = z
  .object({ candidates: z.array(candidateSchema).min(1), secretaryNomineeId: z.string().optional() })
  .meta({ id: 'CandidateList' });
export type CandidateList = z.infer<typeof candidateListSchema>;

// ── By-election (补选) — RULES §B.4, §D.8 ────────────────────────────────────────────────────────────────────────
export const vacancyReasonSchema = z.enum(['left', 'resigned', 'removed', 'died', 'transferred', 'illness']);
export const vacancySchema = z
  .object({
    personId: z.string().min(1),
    post: z.enum(['secretary', 'deputySecretary', 'committeeMember']),
    reason: vacancyReasonSchema,
    occurredOn: z.string().date(),
  })
  .meta({ id: 'Vacancy' });
export type Vacancy = z.infer<typeof vacancySchema>;

export interface ByElectionInput {
  caseId: string; // byElection:<orgId>:<n>
  orgId: string;
  orgPath: string[];
  orgName: string;
  termEnd: string;
  vacancies: Vacancy[];
  partyGroupBodyId: string;
  workCommitteeBodyId: string;
  submittedBy: string;
  submittedAt: string;
  policyVersion: string;
  /** the organization's type: the committee rules of RULES §B.1 at the by-election (absent in older cases) */
  orgType?: string;
  /** RULES §B.4, §D.8 item 6: the upper organization appoints (指派) a secretary or deputy instead of a vote */
  appointment?: Appointment;
}

export const appointmentSchema = z
  .object({
    personId: z.string().min(1),
    post: z.enum(['secretary', 'deputySecretary']),
    reason: z.string().min(1),
    documentNo: z.string().min(1),
  })
  .meta({ id: 'Appointment' });
export type Appointment = z.infer<typeof appointmentSchema>;

// ── Case data of the term procedures (issue 10) ─────────────────────────────────────────────────────────────────────

/** The organs work committee's formal reply (批复) as a term case keeps it (RULES §D.7, §D.8). */
export interface TermFormalReply {
  replyNo: string;
  /** the reply's effective date: a new or by-elected member holds the post from it (RULES H-7) */
  effectiveDate: string;
}

/** A post filled by an election or an appointment, as the registry records it (RULES §B.1, §D.6). */
export interface TermPost {
  personId: string;
  post: Vacancy['post'];
}

/**
 * The keys of the election meeting step (E8 of a term election, B4 of a by-election). `election` is the meeting
 * child's result (ElectionResult of workflows/election, read by the API through `endedElectionState`).
 */
export interface ElectionMeetingCaseData {
  /** the current meeting child: the API routes meeting updates to it */
  electionWorkflowId?: string;
  /** the meeting child's result, once it ended */
  election?: unknown;
}

/**
 * `CaseState.data` of a term-election case (换届选举, RULES §D.1–D.7), as the term-election workflow writes it (besides
 * the kernel's keys). A type, not an interface: `approvalChain` (workflows/kernel) takes a `CaseKernel` of the default
 * data type `Record<string, unknown>`, which an interface does not fit (it has no index signature).
 */
export type TermElectionCaseData = {
  /** the date the election is due: T, or the date an approved shift moved it to (RULES §B.3) */
  electionDue: string;
  /** the number of the outgoing term */
  termNo: number;
  /** the last approved shift the term clock forwarded (RULES §B.3) */
  shift?: { caseId: string; to: string; approvedAt: string };
  /** E1: the outgoing committee's decision on the election (RULES §D.1) */
  preparation?: ElectionPreparation;
  /** E1: advice for the record on the prepared seats against the roster (RULES §B.1), null when none */
  seatsAdvice?: RuleViolation | null;
  /** E1: a decision later than the preparation window T − 2 to T − 1 months (RULES §D.1), null when on time */
  preparationAdvice?: RuleViolation | null;
  /** E3: the organs work committee's approval of the election request */
  requestApproval?: DecisionRecord;
  /** E5: the candidate list (RULES §D.2) */
  candidateList?: CandidateList;
  /** E8: the current meeting child (ElectionMeetingCaseData) */
  electionWorkflowId?: string;
  /** E8: the meeting child's result (ElectionResult of workflows/election) */
  election?: unknown;
  /** E8: the meeting date's roster no longer carried the prepared seats (RULES §B.1, §D.3): back to E1 */
  meetingSeatsViolation?: RuleViolation;
  /** E9: the elected committee and the secretary and deputy put to the party group and the work committee (§D.7) */
  officers?: { committee: string[]; secretaryId: string | null; deputyId: string | null };
  /** E10: the formal reply approving secretary and deputy (RULES §D.7) */
  formalReply?: TermFormalReply;
};

/**
 * `CaseState.data` of a term-shift case (提前 / 延期换届, RULES §B.3), as the term-shift workflow writes it (besides the
 * kernel's keys).
 */
export interface TermShiftCaseData {
  /** the request as it stands after any revision (S0) */
  request: TermShiftRequest;
  /** T, the end of the current term */
  termEnd: string;
  /** S1: the requested date is beyond the cap of one year either way from T (RULES §B.3): the case is rejected */
  violation?: RuleViolation;
  /** S2: the organs work committee's approval */
  approval?: DecisionRecord;
}

/**
 * `CaseState.data` of a by-election case (补选, RULES §B.4, §D.8), as the by-election workflow writes it (besides the
 * kernel's keys). A case started with an appointment (指派) instead carries `AppointmentCaseData`.
 */
export interface ByElectionCaseData extends ElectionMeetingCaseData {
  /** the vacated posts (ended in the registry before B1) */
  vacancies: Vacancy[];
  /** the seats to fill */
  seats: number;
  /** the fill deadline of the earliest vacancy (RULES §B.4 local rule, policy), null when the policy sets none */
  fillBy: string | null;
  /** B1: the slate (RULES §D.8 step 2) */
  candidateList?: CandidateList;
  /** B5: the posts the meeting filled, put to the formal reply */
  elected?: TermPost[];
  /** B5: the organs work committee's formal reply (RULES §D.8 step 5) */
  formalReply?: TermFormalReply;
}

/**
 * `CaseState.data` of an appointment case (指派, RULES §B.4, §D.8 item 6): a by-election case (procedure byElection)
 * started with an appointment, as the by-election workflow writes it (besides the kernel's keys).
 */
export interface AppointmentCaseData {
  /** the appointment with its reason and document */
  appointment: Appointment;
  /** A1: the organs work committee's formal reply */
  formalReply?: TermFormalReply;
}
