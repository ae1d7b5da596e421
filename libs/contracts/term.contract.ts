import { z } from 'zod';
import { candidateSchema } from './establishment.contract';
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

/** E3 — nominations from party cells or branches (RULES §D.2, bottom-up). */
export const nominationsSchema = z
  .object({
    nominations: z
      .array(z.object({ personId: z.string().min(1), name: z.string().min(1), nominatedBy: z.string().min(1) }))
      .min(1),
  })
  .meta({ id: 'Nominations' });

/** E4 — the outgoing committee's candidate list (preliminary candidates, surplus ≥ 20%). */
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
