import { violation, type RuleViolation } from '../errors/rule-violation';
import { durationMonths } from '../dates/date-math';
import type { PolicyTable } from '../policy/policy-table';
import { isLateOn, periodEnd } from '../dates/period';
import { conversionDiscussionFrom } from './transfer.rules';

// Compliance record of a development case (RULES §E timers): deadlines that are not hard stops but must be reported.
// A flag, once raised, stays on the case; the checks below say when and carry the numbers.

/**
 * Flag names kept in the case's `data.flags` — the one list: `admissionComplianceFlagSchema` in libs/contracts is
 * built from it.
 */
export const ADMISSION_COMPLIANCE_FLAGS = [
  'talkOverdue',
  'approvalBeyondThreeMonths',
  'approvalBeyondSixMonths',
  'probationEndedWithoutDecision',
  'conversionMeetingBeyondThreeMonths',
] as const;
export type ComplianceFlagName = (typeof ADMISSION_COMPLIANCE_FLAGS)[number];

/** Talk with the applicant within one month of receiving the application — RULES §E step 2 (细则 Art. 7). */
export function talkDueDate(applicationDate: string, policy: PolicyTable): string {
  return periodEnd(applicationDate, policy.applicationTalkDeadline, policy);
}

export function checkTalkDeadline(applicationDate: string, onDate: string, policy: PolicyTable): RuleViolation | null {
  const due = talkDueDate(applicationDate, policy);
  if (!isLateOn(due, onDate)) return null;
  return violation({
    code: 'TALK_OVERDUE',
    kind: 'rule',
    rule: 'RULES §E step 2',
    message: `收到入党申请（${applicationDate}）后${durationMonths(policy.applicationTalkDeadline)}个月内（${due}前）须派人谈话，当前${onDate}仍未谈话`,
    messageEn: `the talk was due within ${durationMonths(policy.applicationTalkDeadline)} month(s) of the application (${applicationDate}, by ${due}); not done on ${onDate}`,
    numbers: { applicationDate, dueDate: due, onDate },
  });
}

export type UpperApprovalStep = 'E17' | 'E24';

/**
 * Upper committee approval after a branch resolution: admission (step 17) due in 3 months, full membership, extension
 * or cancellation (step 24) due in 3 months; neither later than the 6-month hard limit of step 17 (we apply it to
 * step 24 as well, as a record of how late the approval came) — RULES §E steps 17 and 24, §E timers.
 */
export function upperApprovalLimits(
  step: UpperApprovalStep,
  voteDate: string,
  policy: PolicyTable,
): { dueDate: string; hardLimit: string } {
  const due = step === 'E17' ? policy.admissionApprovalDeadline : policy.conversionApprovalDeadline;
  return {
    dueDate: periodEnd(voteDate, due, policy),
    hardLimit: periodEnd(voteDate, policy.admissionApprovalMaxDeadline, policy),
  };
}

/** Approval later than 3 months after the branch resolution — RULES §E step 17 / 24 (reported, not a hard stop). */
export function checkApprovalDueDate(
  step: UpperApprovalStep,
  voteDate: string,
  onDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  const { dueDate } = upperApprovalLimits(step, voteDate, policy);
  if (!isLateOn(dueDate, onDate)) return null;
  const n = durationMonths(step === 'E17' ? policy.admissionApprovalDeadline : policy.conversionApprovalDeadline);
  const stepNo = step.slice(1);
  return violation({
    code: 'APPROVAL_BEYOND_THREE_MONTHS',
    kind: 'rule',
    rule: `RULES §E step ${stepNo}`,
    message: `支部大会决议（${voteDate}）后上级党委应在${n}个月内（${dueDate}前）审批，当前${onDate}`,
    messageEn: `step ${stepNo} approval was due within ${n} months of the branch resolution (${voteDate}, by ${dueDate}); now ${onDate}`,
    numbers: { voteDate, dueDate, onDate, months: n },
  });
}

/**
 * The full-membership resolution (step 23) is due `conversionMeetingDeadline` (1 month, practice) after the probation
 * end plus any transfer postponement — RULES §E steps 21–23.
 */
export function conversionResolutionDueDate(
  probationEnd: string,
  postponedMonths: number,
  policy: PolicyTable,
): string {
  return periodEnd(
    conversionDiscussionFrom(probationEnd, postponedMonths, policy),
    policy.conversionMeetingDeadline,
    policy,
  );
}

export function checkConversionResolution(
  probationEnd: string,
  postponedMonths: number,
  onDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  const due = conversionResolutionDueDate(probationEnd, postponedMonths, policy);
  if (!isLateOn(due, onDate)) return null;
  return violation({
    code: 'PROBATION_ENDED_WITHOUT_DECISION',
    kind: 'rule',
    rule: 'RULES §E step 23',
    message: `预备期于${probationEnd}届满${postponedMonths > 0 ? `（转接推迟${postponedMonths}个月）` : ''}，支部大会应在${due}前作出决议，当前${onDate}仍无决议`,
    messageEn: `probation ended ${probationEnd}${postponedMonths > 0 ? ` (postponed ${postponedMonths} months on transfer)` : ''}; the branch resolution was due by ${due}, none on ${onDate}`,
    numbers: { probationEnd, postponedMonths, dueDate: due, onDate },
  });
}

/**
 * The full-membership resolution (step 23) is due at the latest `conversionMeetingMaxDeadline` (3 months, practice)
 * after the probation end plus any transfer postponement — RULES §E step 23 ("≤ 3 months at most").
 */
export function conversionMeetingMaxDueDate(
  probationEnd: string,
  postponedMonths: number,
  policy: PolicyTable,
): string {
  return periodEnd(
    conversionDiscussionFrom(probationEnd, postponedMonths, policy),
    policy.conversionMeetingMaxDeadline,
    policy,
  );
}

export function checkConversionMeetingMax(
  probationEnd: string,
  postponedMonths: number,
  onDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  const due = conversionMeetingMaxDueDate(probationEnd, postponedMonths, policy);
  if (!isLateOn(due, onDate)) return null;
  const n = durationMonths(policy.conversionMeetingMaxDeadline);
  return violation({
    code: 'CONVERSION_MEETING_BEYOND_THREE_MONTHS',
    kind: 'rule',
    rule: 'RULES §E step 23',
    message: `预备期于${probationEnd}届满${postponedMonths > 0 ? `（转接推迟${postponedMonths}个月）` : ''}，支部大会讨论转正最迟不超过${n}个月（${due}前），当前${onDate}仍无决议`,
    messageEn: `probation ended ${probationEnd}${postponedMonths > 0 ? ` (postponed ${postponedMonths} months on transfer)` : ''}; the full-membership resolution may come at most ${n} months later (by ${due}), none on ${onDate}`,
    numbers: { probationEnd, postponedMonths, dueDate: due, onDate, months: n },
  });
}

/**
 * An approval of step 17 (or 24) and its party-group decision, at the moment it is given — RULES §E step 17: within
 * 3 months of the branch resolution as a rule; later, the approver states the reason (`lateReason`, recorded); after
 * the 6-month limit an admission (step 17) is not approved at all: the case goes back to the branch for a new vote
 * (RULES §E step 15, practice: a resolution older than 6 months is redone). Step 24 has no hard limit in the rules;
 * there only the reason is required. Returns null when the approval may be given.
 */
export function checkApprovalTiming(
  step: UpperApprovalStep,
  voteDate: string,
  onDate: string,
  lateReason: unknown,
  policy: PolicyTable,
): RuleViolation | null {
  const { dueDate, hardLimit } = upperApprovalLimits(step, voteDate, policy);
  const stepNo = step.slice(1);
  if (step === 'E17' && isLateOn(hardLimit, onDate)) {
    const n = durationMonths(policy.admissionApprovalMaxDeadline);
    return violation({
      code: 'APPROVAL_BEYOND_SIX_MONTHS',
      kind: 'rule',
      rule: 'RULES §E step 17',
      message: `支部大会决议（${voteDate}）已超过${n}个月（${hardLimit}），上级党委不得再审批；请退回党支部重新讨论表决`,
      messageEn: `the branch resolution of ${voteDate} is more than ${n} months old (limit ${hardLimit}): it cannot be approved; return the case for a new branch vote`,
      numbers: { voteDate, hardLimit, onDate, months: n },
    });
  }
  const late = isLateOn(dueDate, onDate);
  if (!late || !policy.approvalLateReasonRequired) return null;
  if (typeof lateReason === 'string' && lateReason.trim().length > 0) return null;
  const n = durationMonths(step === 'E17' ? policy.admissionApprovalDeadline : policy.conversionApprovalDeadline);
  return violation({
    code: 'APPROVAL_LATE_REASON_REQUIRED',
    kind: 'rule',
    rule: `RULES §E step ${stepNo}`,
    message: `支部大会决议（${voteDate}）后${n}个月（${dueDate}）内未审批，超期审批须填写原因（lateReason）`,
    messageEn: `step ${stepNo} approval after the ${n}-month deadline (${dueDate}, resolution ${voteDate}) needs a reason (lateReason)`,
    numbers: { voteDate, dueDate, onDate, months: n, field: 'lateReason' },
  });
}
