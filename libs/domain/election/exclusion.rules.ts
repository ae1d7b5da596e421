import { violation, type RuleViolation } from '../errors/rule-violation';
import { compareInstants } from '../dates/date-math';
import { periodCompleteOn } from '../dates/period';
import type { PolicyTable } from '../policy/policy-table';

/** Grounds on which a member may be left out of the due count with upper approval — RULES §D.3. */
export type ExclusionGround = 'illness' | 'abroad' | 'sentenced' | 'bedridden' | 'awayNotTransferred';

/** The grounds whose length is counted: abroad at own expense ≥ 6 months; away ≥ 6 months without transfer. */
export const TIMED_EXCLUSION_GROUNDS: readonly ExclusionGround[] = ['abroad', 'awayNotTransferred'];

/**
 * An exclusion for being abroad or away counts only when the absence has lasted `exclusionAwayMinDuration`
 * (6 months) by the meeting date — RULES §D.3 (CCOD explanation). Other grounds carry no length.
 */
export function checkExclusionDuration(
  ground: ExclusionGround,
  awaySince: string | null,
  meetingDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  if (!TIMED_EXCLUSION_GROUNDS.includes(ground)) return null;
  const months = (policy.exclusionAwayMinDuration.years ?? 0) * 12 + (policy.exclusionAwayMinDuration.months ?? 0);
  const from = awaySince ? periodCompleteOn(awaySince, policy.exclusionAwayMinDuration, policy) : null;
  if (from && compareInstants(meetingDate, from) >= 0) return null;
  return violation({
    code: 'EXCLUSION_TOO_SHORT',
    kind: 'rule',
    rule: 'RULES §D.3',
    message: awaySince
      ? `出国（境）或外出自${awaySince}起，至选举日${meetingDate}不满${months}个月（${from}起方满），不能不计入应到会人数`
      : `以出国（境）或外出为由不计入应到会人数，须写明离开日期（满${months}个月）`,
    messageEn: awaySince
      ? `away since ${awaySince}: less than ${months} months by the meeting on ${meetingDate} (complete from ${from}); the member stays due`
      : `an exclusion for being abroad or away needs the date the absence began (${months} months at least)`,
    numbers: { ground, awaySince: awaySince ?? 'none', meetingDate, months, ...(from ? { completeFrom: from } : {}) },
  });
}

/** The reasons the election contracts name, as the grounds of this rule. */
const TIMED_REASONS: Readonly<Record<string, ExclusionGround>> = { abroad6m: 'abroad', away6m: 'awayNotTransferred' };

/**
 * The first exclusion of a check-in that does not count (RULES §D.3), for the meeting and its live preview alike:
 * abroad or away needs the day the absence began, six months before the meeting date.
 */
export function checkExclusionsDuration(
  exclusions: readonly { reason: string; awaySince?: string | undefined }[],
  meetingDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  for (const e of exclusions) {
    const ground = TIMED_REASONS[e.reason];
    if (ground === undefined) continue;
    const refused = checkExclusionDuration(ground, e.awaySince ?? null, meetingDate, policy);
    if (refused) return refused;
  }
  return null;
}
