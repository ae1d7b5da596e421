import { violation, type RuleViolation } from '../errors/rule-violation';
import { ageOn, durationMonths } from '../dates/date-math';
import type { PolicyTable } from '../policy/policy-table';
import { continuedPeriodEnd, periodEnd } from '../dates/period';

/** Applicants must be 18 or older on the day the application is received — RULES §E step 1 (细则 Art. 5). */
export function checkApplicantAge(
  birthDate: string,
  applicationDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  const age = ageOn(birthDate, applicationDate);
  if (age >= policy.minApplicantAge) return null;
  return violation({
    code: 'APPLICANT_UNDER_AGE',
    kind: 'rule',
    rule: 'RULES §E step 1',
    message: `申请入党须年满${policy.minApplicantAge}岁，申请日${applicationDate}时为${age}岁`,
    messageEn: `applicant must be at least ${policy.minApplicantAge}, was ${age} on ${applicationDate}`,
    numbers: { age, minAge: policy.minApplicantAge },
  });
}

/** Probation ends 1 year after the branch resolution date (the admission date) — RULES §E step 21 (细则 Art. 32). */
export function probationEndDate(admissionIsoDate: string, policy: PolicyTable): string {
  return periodEnd(admissionIsoDate, policy.probation, policy);
}

/**
 * End of a probation extended by `months` (RULES §E step 23, H-13): the extension runs from the day after the
 * previous end. With `periodEndMinusOneDay` the previous end is already the day before an anniversary, so the day is
 * subtracted once, not twice: vote 2025-03-10 → end 2026-03-09 → +6 months → 2026-09-09.
 */
export function extendedProbationEnd(previousEnd: string, months: number, policy: PolicyTable): string {
  return continuedPeriodEnd(previousEnd, { months }, policy);
}

/**
 * An extension is allowed once, for 6 to 12 months — RULES §E step 23 (细则 Art. 32). The bounds are read in whole
 * months, so a policy may write them in years ({ years: 1 } = 12 months).
 */
export function checkProbationExtension(
  months: number,
  previousExtensions: number,
  policy: PolicyTable,
): RuleViolation | null {
  const min = durationMonths(policy.probationExtensionMin);
  const max = durationMonths(policy.probationExtensionMax);
  if (previousExtensions >= policy.probationExtensionsMax) {
    return violation({
      code: 'PROBATION_ALREADY_EXTENDED',
      kind: 'rule',
      rule: 'RULES §E step 23',
      message: `预备期只能延长${policy.probationExtensionsMax}次，已延长${previousExtensions}次`,
      messageEn: `probation may be extended ${policy.probationExtensionsMax} time(s) only, already ${previousExtensions}`,
      numbers: { previousExtensions, max: policy.probationExtensionsMax },
    });
  }
  if (!Number.isInteger(months) || months < min || months > max) {
    return violation({
      code: 'PROBATION_EXTENSION_LENGTH',
      kind: 'rule',
      rule: 'RULES §E step 23',
      message: `延长预备期须为${min}个月至${max}个月，申请${months}个月`,
      messageEn: `probation extension must be ${min}–${max} months, got ${months}`,
      numbers: { months, min, max },
    });
  }
  return null;
}
export * from './admission.rules';
export * from './admission-registry.rules';
