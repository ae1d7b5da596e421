import { violation, invalidInput, type RuleViolation } from '../errors/rule-violation';
import { checkDateField, compareInstants, durationMonths } from '../dates/date-math';
import { administersPath, type ActorRef } from '../approval/task.rules';
import type { PolicyTable } from '../policy/policy-table';
import { checkRecordedDate } from '../dates/recorded-date.rules';
import { continuedPeriodEnd } from '../dates/period';

// Transfers (组织关系转接) of a development case to another branch — RULES §E step 6 and step 21, §E state machine,
// H-12: the receiving organization continues the work with every start date carried over.

/** Where in the 25 steps a case may move: cultivation/candidate (steps 4–11) or probation (steps 19–22). */
export type TransferPhase = 'activist' | 'probationary';

/**
 * The phase a case at `stage` (the step of its latest task, 'E4' … 'E25') is in for a transfer, or null when it may
 * not move: after the activist decision (step 3) up to before the branch committee review (step 12), and from the
 * placement (step 19) up to before the full-membership vote (step 23) — RULES §E state machine, H-12.
 */
export function transferPhase(stage: string): TransferPhase | null {
  const m = /^E(\d+)$/.exec(stage);
  const step = m ? Number(m[1]) : NaN;
  if (step >= 4 && step <= 11) return 'activist';
  if (step >= 19 && step <= 22) return 'probationary';
  return null;
}

export function checkTransferStage(stage: string): RuleViolation | null {
  if (transferPhase(stage)) return null;
  return violation({
    code: 'TRANSFER_STAGE_NOT_ALLOWED',
    kind: 'conflict',
    rule: 'RULES §E step 21',
    message: `当前环节（${stage}）不能转接组织关系：入党积极分子、发展对象须在第3步之后、第12步支部委员会审查之前，预备党员须在第19步之后、第23步支部大会讨论之前`,
    messageEn: `a transfer is possible from step 4 to step 11 (activist, candidate) or from step 19 to step 22 (probationary member), not at ${stage}`,
    numbers: { stage, activistFrom: 4, activistTo: 11, probationFrom: 19, probationTo: 22 },
  });
}

/**
 * Who may move a case: an administrator of the case's organization or an ancestor, or anyone holding a role at the
 * sending branch's upper committee (the body with approval authority, RULES §A.3, H-8).
 */
export function checkTransferActor(actor: ActorRef, orgPath: string[], upperCommitteeId: string): RuleViolation | null {
  if (administersPath(actor, orgPath)) return null;
  if (actor.roles.some((r) => r.at === upperCommitteeId)) return null;
  return violation({
    code: 'NOT_AUTHORIZED_FOR_TRANSFER',
    kind: 'forbidden',
    rule: 'RULES §A.3',
    message: `用户${actor.userId}既不是该组织或其上级的管理员，也不在转出党支部的上级党委（${upperCommitteeId}）任职，无权转接`,
    messageEn: `user ${actor.userId} is neither an administrator of the case's organization nor acting for its upper committee ${upperCommitteeId}`,
    numbers: { userId: actor.userId, upperCommitteeId },
  });
}

/** The receiving organization must differ from the one holding the case. */
export function checkTransferTarget(currentOrgId: string, toOrgId: string): RuleViolation | null {
  if (currentOrgId !== toOrgId) return null;
  return invalidInput(
    'TRANSFER_SAME_ORG',
    `toOrgId: the case is already at ${toOrgId}`,
    `toOrgId：事项已在${toOrgId}，转入组织须不同于当前组织`,
    { field: 'toOrgId', orgId: toOrgId },
  );
}

/** The transfer cannot take effect before the last date the case recorded (a step or an earlier transfer). */
export function checkTransferDate(
  effectiveDate: string,
  last: { date: string; step: string } | null,
): RuleViolation | null {
  const malformed = checkDateField('effectiveDate', effectiveDate);
  if (malformed) return malformed;
  if (!last || compareInstants(effectiveDate, last.date) >= 0) return null;
  return violation({
    code: 'TRANSFER_BEFORE_LAST_STEP',
    kind: 'rule',
    rule: 'RULES §E step 21',
    message: `转接生效日期（${effectiveDate}）不能早于最近记录的日期（${last.step}：${last.date}）`,
    messageEn: `the transfer's effective date ${effectiveDate} is before the last recorded date (${last.step}: ${last.date})`,
    numbers: { effectiveDate, lastDate: last.date, lastStep: last.step },
  });
}

/**
 * The effective date is not after today (local calendar) and, for a probationary member, not after the probation end:
 * a transfer happens during the probation it continues — RULES §E step 21, H-12.
 */
export function checkTransferNotLate(
  effectiveDate: string,
  today: string,
  phase: TransferPhase,
  probationEnd: string | null,
): RuleViolation | null {
  const malformed = checkDateField('effectiveDate', effectiveDate);
  if (malformed) return malformed;
  const future = checkRecordedDate(effectiveDate, today, {
    field: 'effectiveDate',
    what: { zh: '组织关系转接', en: 'the transfer' },
    rule: 'RULES §E step 21',
    code: 'TRANSFER_DATE_IN_FUTURE',
    numbers: { effectiveDate },
  });
  if (future) return future;
  if (phase === 'probationary' && probationEnd && compareInstants(effectiveDate, probationEnd) > 0) {
    return violation({
      code: 'TRANSFER_AFTER_PROBATION_END',
      kind: 'rule',
      rule: 'RULES §E step 21',
      message: `预备党员转接生效日期（${effectiveDate}）不能晚于预备期届满日（${probationEnd}）`,
      messageEn: `a probationary member's transfer takes effect by the probation end ${probationEnd}, not on ${effectiveDate}`,
      numbers: { effectiveDate, probationEnd },
    });
  }
  return null;
}

/**
 * A postponement of the full-membership discussion is for probationary members only, and all postponements of one
 * probation together stay within `transferPostponeMax` (6 months) — RULES §E step 21 (细则 via 旗帜网), §G
 * TRANSFER_POSTPONE_MAX. Whole months only.
 */
export function checkTransferPostponement(
  months: number,
  phase: TransferPhase,
  alreadyPostponedMonths: number,
  policy: PolicyTable,
): RuleViolation | null {
  if (months === 0) return null;
  const max = durationMonths(policy.transferPostponeMax);
  if (phase !== 'probationary') {
    return violation({
      code: 'TRANSFER_POSTPONEMENT_NOT_PROBATIONARY',
      kind: 'rule',
      rule: 'RULES §E step 21',
      message: `只有预备党员转接时可推迟讨论转正，入党积极分子、发展对象不能推迟（申请${months}个月）`,
      messageEn: `only a probationary member's full-membership discussion can be postponed on transfer (asked ${months} months)`,
      numbers: { months },
    });
  }
  if (!Number.isInteger(months) || months < 0 || alreadyPostponedMonths + months > max) {
    return violation({
      code: 'TRANSFER_POSTPONEMENT_TOO_LONG',
      kind: 'rule',
      rule: 'RULES §E step 21',
      message: `转接后推迟讨论转正合计不得超过${max}个月：已推迟${alreadyPostponedMonths}个月，申请${months}个月`,
      messageEn: `postponements on transfer may total at most ${max} months: already ${alreadyPostponedMonths}, asked ${months}`,
      numbers: { months, alreadyPostponedMonths, max },
    });
  }
  return null;
}

/**
 * The date the full-membership discussion (steps 22–23) is due: the probation end plus any postponement granted on
 * transfer. Full membership still dates from the probation end itself (RULES §E step 21). The postponement continues
 * the probation like an extension (RULES H-13, `continuedPeriodEnd`): it runs from the day after the probation end, so
 * the minus-one-day option takes its day off once.
 */
export function conversionDiscussionFrom(
  probationEnd: string,
  postponedMonths: number,
  policy: Pick<PolicyTable, 'periodEndMinusOneDay'>,
): string {
  return postponedMonths > 0 ? continuedPeriodEnd(probationEnd, { months: postponedMonths }, policy) : probationEnd;
}
