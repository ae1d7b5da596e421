import { z } from 'zod';
import { ADMISSION_COMPLIANCE_FLAGS } from '../domain/development/compliance.rules';
import type { RuleViolation } from '../domain/errors/rule-violation';
import type { Actor } from './identity.contract';

/** 发展党员 — what the admission workflow receives (one case per person and branch: `admission:<orgId>:<personId>`). */
export const admissionInputSchema = z
  .object({
    caseId: z.string().min(1),
    /** the branch (党支部) that develops the applicant */
    orgId: z.string().min(1),
    orgPath: z.array(z.string()).describe('the branch and its ancestors, root last'),
    personId: z.string().min(1),
    personName: z.string().min(1),
    birthDate: z.string().date(),
    /** date the written application was received (RULES §E step 1) */
    applicationDate: z.string().date(),
    /** upper committee with approval authority (具有审批权限的基层党委), RULES §A.3, H-8 */
    upperCommitteeId: z.string().min(1),
    /** department party group deciding first in organs (RULES §A.3, 机关条例2019 Art. 37); null outside organs */
    partyGroupBodyId: z.string().nullable(),
    submittedBy: z.string().min(1),
    submittedAt: z.string(),
    policyVersion: z.string().min(1),
  })
  .meta({ id: 'AdmissionInput' });
export type AdmissionInput = z.infer<typeof admissionInputSchema>;

/** Registry effects of the procedure (memberships), written by the `recordAdmissionMilestone` activity. */
export const admissionMilestoneSchema = z.enum(['probationary', 'full', 'probationCancelled', 'transferred']);
export type AdmissionMilestone = z.infer<typeof admissionMilestoneSchema>;

export interface RecordAdmissionMilestoneInput {
  personId: string;
  orgId: string;
  milestone: AdmissionMilestone;
  /**
   * YYYY-MM-DD: probationary since the branch vote date; full since the probation end date; probationCancelled closes
   * the open probationary period on that date (step-24 cancellation, or the case withdrawn or cancelled after step 17)
   */
  date: string;
  /** 'transferred' only: the receiving branch (probationary there from `date`, closed at `orgId` on `date`) */
  toOrgId?: string;
}

/**
 * Key dates kept in `CaseState.data.dates` (YYYY-MM-DD, local calendar), the case's own record for date rules.
 * A step decision may say when the step happened: steps with a named event carry `<event>Date` (E2/E16 `talkDate`,
 * E6/E21 `assessmentDate`, E10 `reviewDate`, E11 `trainingEndDate` (and optional `trainingStartDate`), E15/E23
 * `meetingDate`, E20 `oathDate`, E22 `applicationDate`, E25 `archiveDate`), every other step `date`
 * (`ADMISSION_STEP_DATE_FIELDS` in libs/domain). The date may not be after today nor before the latest date the case
 * recorded; without it the decision's own date is used. The probation starts on the E15 meeting date.
 */
export interface AdmissionDates {
  application?: string;
  talk?: string;
  activist?: string;
  activistFiled?: string;
  contactsAssigned?: string;
  candidate?: string;
  politicalReview?: string;
  training?: string;
  admissionVote?: string;
  approval?: string;
  oath?: string;
  probationEnd?: string;
  fullMembershipApplication?: string;
  conversionVote?: string;
  conversionApproval?: string;
  /** 党龄 counts from here (RULES §E outcome dates) */
  fullMember?: string;
  archived?: string;
}

/** Why an admission case ended 'rejected' (CaseState.closeReason). */
export const admissionRejectionSchema = z.enum([
  'APPLICANT_UNDER_AGE',
  'notSelected',
  'activistFilingRejected',
  'activistCancelled',
  'politicalReviewFailed',
  'branchReviewFailed',
  'preReviewFailed',
  'BRANCH_VOTE_NOT_PASSED',
  'BRANCH_VOTE_QUORUM_NOT_MET',
  'approvalRejected',
  'probationCancelled',
]);
export type AdmissionRejection = z.infer<typeof admissionRejectionSchema>;

/**
 * Compliance flags of an admission case (`CaseState.data.flags`, projected to `case_summaries.flags`): raised once and
 * kept as the compliance record (RULES §E steps 2, 17, 23, 24).
 * - talkOverdue: no talk (step 2) within one month of the application;
 * - approvalBeyondThreeMonths / approvalBeyondSixMonths: upper approval (step 17 or 24) still missing 3 / 6 months
 *   after the branch resolution;
 * - probationEndedWithoutDecision: no step-23 resolution one month after the probation end (plus any postponement);
 * - conversionMeetingBeyondThreeMonths: still none after the three-month cap (`conversionMeetingMaxDeadline`).
 * The list itself is `ADMISSION_COMPLIANCE_FLAGS` in libs/domain (one source).
 */
export const admissionComplianceFlagSchema = z.enum(ADMISSION_COMPLIANCE_FLAGS);
export type AdmissionComplianceFlag = z.infer<typeof admissionComplianceFlagSchema>;

/**
 * Transfer (组织关系转接) of an activist, candidate or probationary member to another branch (RULES §E step 21, H-12).
 * The case keeps its workflow id and all its dates; from the transfer on, tasks go to the receiving branch and its
 * approvers. `postponeMonths` (whole months, probationary members only) delays the full-membership discussion; the
 * schema bounds it loosely (0..12) and the policy caps the total of one probation (`transferPostponeMax`, 6 months,
 * 422 beyond). Full membership still dates from the probation end (RULES §E step 21).
 */
export const admissionTransferSchema = z
  .object({
    toOrgId: z.string().min(1),
    /** YYYY-MM-DD the receiving branch took over (not before the last recorded step, not after today, nor after the probation end) */
    effectiveDate: z.string().date(),
    postponeMonths: z.number().int().min(0).max(12).optional(),
    reason: z.string().min(1).max(500),
    documentNo: z.string().max(100).optional(),
  })
  .meta({ id: 'AdmissionTransferRequest' });
export type AdmissionTransferRequest = z.infer<typeof admissionTransferSchema>;

/** What the workflow receives: the request resolved against the registry by the API (same shape as AdmissionInput). */
export interface AdmissionTransferArgs {
  actor: Actor;
  transfer: AdmissionTransferRequest & {
    toOrgPath: string[];
    upperCommitteeId: string;
    partyGroupBodyId: string | null;
  };
}
export interface AdmissionTransferResult {
  caseId: string;
  orgId: string;
  stage: string;
  /** the date the full-membership discussion is due, after any postponement */
  discussionFrom: string | null;
}

/** One transfer as the case keeps it in `CaseState.data.transfers` (oldest first). */
export interface AdmissionTransferRecord {
  fromOrgId: string;
  toOrgId: string;
  fromUpperCommitteeId: string;
  toUpperCommitteeId: string;
  effectiveDate: string;
  /** 'activist' (steps 4–11) or 'probationary' (steps 19–22) */
  phase: 'activist' | 'probationary';
  postponeMonths: number;
  reason: string;
  documentNo: string | null;
  actorId: string;
  /** case step when it moved */
  stage: string;
  /** tasks that were open and moved to the receiving organization */
  movedTaskIds: string[];
}

/**
 * Change of cultivation contacts (更换培养联系人, RULES §E step 5: "contact leaves → reassign") while the activist is
 * cultivated (steps 6–7). The new contacts replace the old ones from `effectiveDate` (default: today on the local
 * calendar); the policy bounds their number (1–2, H-21) and the API checks each is a full member with rights intact.
 */
export const admissionContactChangeSchema = z
  .object({
    contactIds: z.array(z.string().min(1)).min(1).max(10),
    reason: z.string().min(1).max(500),
    /** YYYY-MM-DD the new contacts took over (not before the last recorded step, not after today) */
    effectiveDate: z.string().date().optional(),
  })
  .meta({ id: 'AdmissionContactChangeRequest' });
export type AdmissionContactChangeRequest = z.infer<typeof admissionContactChangeSchema>;

export interface AdmissionContactChangeArgs {
  actor: Actor;
  change: AdmissionContactChangeRequest;
}

/** One change as the case keeps it in `CaseState.data.contactChanges` (oldest first); also the update's answer. */
export interface AdmissionContactChangeRecord {
  fromContactIds: string[];
  toContactIds: string[];
  effectiveDate: string;
  reason: string;
  actorId: string;
  /** case step when they changed */
  stage: string;
}

/**
 * A branch general meeting vote as the case keeps it (`data.admissionVote` for step 15, `data.conversionVote` for step
 * 23): the counts of the decision and the result of the vote rule (RULES §E step 15). Records written before the one
 * name of written opinions carry `writtenForVotes` instead of `writtenOpinionsFor`.
 */
export interface BranchVoteRecord {
  entitled: number;
  present: number;
  forVotes: number;
  writtenOpinionsFor: number;
  passed: boolean;
  requiredPresent: number;
  requiredFor: number;
  totalFor: number;
  /** RULES H-2: the inclusive "exactly half" toggle decided the vote */
  exactlyHalfUsed: boolean;
}

/** Why and by which rule a case ended 'rejected' (`data.rejection`). */
export interface AdmissionRejectionRecord {
  reason: AdmissionRejection;
  comment: string | null;
  rule?: string;
  message?: string;
  messageEn?: string;
  numbers?: RuleViolation['numbers'];
}

/**
 * `CaseState.data` of a member-development case, as the admission workflow writes it (besides the kernel's own keys:
 * flags, result, stepFailure, recordRepairs). Readers of records use `admissionCaseData`: records of older versions
 * may lack keys added since.
 */
export interface AdmissionCaseData {
  personId: string;
  /** the case's key dates (RULES §E key dates) */
  dates: AdmissionDates;
  /** the numbers of each raised compliance flag, by flag (or `<step>BeyondThreeMonths` / `<step>BeyondSixMonths`) */
  compliance: Record<string, RuleViolation['numbers']>;
  /** compliance flags raised (AdmissionComplianceFlag), de-duplicated, never cleared */
  flags: string[];
  transfers: AdmissionTransferRecord[];
  contactChanges: AdmissionContactChangeRecord[];
  /** the approvers of the organization holding the case (changed by a transfer, H-12) */
  bodies: { upperCommitteeId: string; partyGroupBodyId: string | null };
  /** every dated entry (the application, each decided step), oldest first: the record of the step-date rule */
  stepDates: { step: string; date: string }[];
  /** the cultivation contacts (step 5, or a change of contacts) */
  contactIds?: string[];
  admissionVote?: BranchVoteRecord;
  conversionVote?: BranchVoteRecord;
  rejection?: AdmissionRejectionRecord;
}

/** The data of a recorded admission case, every key optional (a record of an older version may lack some). */
export function admissionCaseData(state: { data: Record<string, unknown> }): Partial<AdmissionCaseData> {
  return state.data as Partial<AdmissionCaseData>;
}
