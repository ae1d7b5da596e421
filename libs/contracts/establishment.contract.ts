import { z } from 'zod';
import { orgTypeSchema } from './registry.contract';

export { establishmentRequestFacts } from './establishment-facts.contract';

export const candidateSchema = z.object({
  personId: z.string().min(1),
  name: z.string().min(1),
  /** 姓氏笔画 ordering key supplied by the clerk (RULES §D.4); we never guess strokes */
  surnameStrokes: z.number().int().min(1).max(64).optional(),
});
export type Candidate = z.infer<typeof candidateSchema>;

// 请示报告 fields — RULES §C.2
export const establishmentRequestSchema = z
  .object({
    name: z.string().min(2).max(100).describe('proposed organization name'),
    proposedType: orgTypeSchema.exclude(['organsWorkCommittee']),
    parentOrgId: z.string().min(1).describe('superior organization'),
    departmentId: z.string().min(1),
    unitName: z.string().min(1),
    natureOfWork: z.string().min(1),
    staffHeadcount: z.number().int().min(0),
    rosterPersonIds: z.array(z.string().min(1)).min(1).describe('member roster; counts are computed from the registry'),
    legalBasis: z.string().min(1),
    reasons: z.string().min(1),
    committeeSeats: z.number().int().min(0).describe('0 for a branch without committee'),
    positions: z.array(z.string()).default([]),
    slate: z.array(candidateSchema).default([]).describe('candidate slate (差额) for committee seats'),
    coveredUnits: z.array(z.string()).default([]).describe('joint branch: units covered'),
    plannedElectionDate: z.string().date(),
    workProject: z
      .object({ start: z.string().date(), end: z.string().date() })
      .optional()
      .describe('a branch set up for a work project: its planned start and end, at least 6 months (RULES §B.1)'),
    standingSeats: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'organ committee with a standing committee: standing seats, at most half of the committee (RULES §B.1)',
      ),
    belowThresholdJustification: z.string().optional().describe('required below 50 / 100 members (RULES §B.1)'),
  })
  .meta({ id: 'EstablishmentRequest' });
export type EstablishmentRequest = z.infer<typeof establishmentRequestSchema>;

/** What the workflow receives: the request plus registry facts the API computed at submission. */
export interface EstablishmentInput {
  caseId: string;
  orgId: string;
  orgPath: string[];
  request: EstablishmentRequest;
  rosterCounts: { full: number; probationary: number; total: number };
  partyGroupBodyId: string;
  workCommitteeBodyId: string;
  submittedBy: string;
  submittedAt: string;
  policyVersion: string;
}

/** A body's decision kept on the case (who, when, and the payload it gave). */
export interface DecisionRecord {
  decidedBy: string;
  at: string;
  payload: Record<string, unknown> | null;
}

/** 选举结果报告 — the election report of C8 (RULES §C.2 fields), composed from the meeting record (a timeline detail). */
export type ElectionReport = {
  /** the approval it rests on (C5's document number when given) */
  basis: unknown;
  meetingDate: string | null;
  membersOnRoll: number;
  due: number | null;
  present: number | null;
  seats: number;
  candidates: number;
  surplusRatio: number;
  rounds: { roundId: string; kind: string; counts: unknown[] }[];
  elected: string[];
  secretaryId: string | null;
  deputyId: string | null;
};

/**
 * `CaseState.data` of an establishment case, as the establishment workflow writes it (besides the kernel's keys).
 * `election` is the founding election child's result (ElectionResult of workflows/election, read by the API through
 * `endedElectionState`).
 */
export interface EstablishmentCaseData {
  /** the request report (RULES §C.2) as it stands after any revision (C3) */
  request: EstablishmentRequest;
  /** C1: the eligibility check of the request (EligibilityResult of libs/domain) */
  eligibility?: unknown;
  /** C5: the organs work committee's approval */
  approval?: DecisionRecord;
  electionRuns?: number;
  electionWorkflowId?: string;
  election?: unknown;
  electionReport?: ElectionReport;
  /** C9: the formal reply (批复) */
  formalReply?: { replyNo: string; effectiveDate: string; decidedBy: string; at: string };
}
