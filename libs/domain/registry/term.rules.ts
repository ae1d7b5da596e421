import { DomainRuleError, invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import { isoDateViolation } from '../dates/date-math';
import type { PolicyTable } from '../policy/policy-table';
import { periodEnd, periodStart } from '../dates/period';
import type { EstablishableType } from './eligibility.rules';

/** Term length in years — RULES §B.2, §G.2 rows 1–2. */
export function termYearsFor(type: EstablishableType, policy: PolicyTable): number {
  const years = policy.termYears[type];
  if (!Number.isInteger(years) || years <= 0) {
    throw new DomainRuleError(
      invalidInput(
        'POLICY_TERM_MISSING',
        `policy ${policy.version} has no term for ${type}`,
        `政策${policy.version}未规定${type}的任期`,
        {
          type,
        },
      ),
    );
  }
  return years;
}

/** End of a period starting on startIsoDate: same calendar day (clamped), or the day before by policy (RULES H-13). */
export function periodEndDate(startIsoDate: string, years: number, policy: PolicyTable): string {
  return periodEnd(startIsoDate, { years }, policy);
}

/** Term expiry T for a term starting on termStartIsoDate — RULES §B.2, H-7, H-13. */
export function termEndDate(termStartIsoDate: string, type: EstablishableType, policy: PolicyTable): string {
  return periodEndDate(termStartIsoDate, termYearsFor(type, policy), policy);
}

/**
 * Earliest and latest approved election dates around T — RULES §B.3, §D.1, H-13: each side is one period of
 * `termShiftMax`, the advance counted back from T (`periodStart`), the delay forward (`periodEnd`).
 */
export function termShiftWindow(termEndIsoDate: string, policy: PolicyTable): { earliest: string; latest: string } {
  const max = policy.termShiftMax;
  return {
    earliest: policy.termShiftAllowsAdvance ? periodStart(termEndIsoDate, max, policy) : termEndIsoDate,
    latest: periodEnd(termEndIsoDate, max, policy),
  };
}

/**
 * A planned election date other than T needs upper approval and must stay inside the window — RULES §B.3. A date
 * that is not YYYY-MM-DD is the input violation INVALID_DATE (400, naming the value).
 */
export function checkTermShift(
  termEndIsoDate: string,
  plannedIsoDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  const malformed = isoDateViolation(plannedIsoDate) ?? isoDateViolation(termEndIsoDate);
  if (malformed) return malformed;
  const { earliest, latest } = termShiftWindow(termEndIsoDate, policy);
  if (plannedIsoDate >= earliest && plannedIsoDate <= latest) return null;
  const early = plannedIsoDate < earliest;
  return violation({
    code: early ? 'TERM_ADVANCE_EXCEEDED' : 'TERM_DELAY_EXCEEDED',
    kind: 'rule',
    rule: 'RULES §B.3',
    message: `任期届满日${termEndIsoDate}，换届日期${plannedIsoDate}超出允许范围（${earliest}至${latest}）`,
    messageEn: `term ends ${termEndIsoDate}; election on ${plannedIsoDate} is outside the allowed window ${earliest} to ${latest}`,
    numbers: { termEnd: termEndIsoDate, planned: plannedIsoDate, earliest, latest },
  });
}
