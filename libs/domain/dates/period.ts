import { addToDate, compareInstants, negateDuration } from './date-math';
import type { Duration, PolicyTable } from '../policy/policy-table';

// RULES H-13 — the one period function. Every window of the rule book (terms, probation, cultivation, talks,
// approvals, leaving the unit, conversion meetings, term shifts, vacancies, review validity) ends on `periodEnd`:
// the same calendar day N months/years later, clamped to the month end (31 August + 3 months = 30 November), or the
// day before when the policy says `periodEndMinusOneDay`. A deadline is met on its end date; a minimum period is
// complete on the first day after its last day (`periodCompleteOn`), which is the same day in both conventions.

type PeriodPolicy = Pick<PolicyTable, 'periodEndMinusOneDay'>;

/**
 * Last day of a period starting on `startIsoDate` — RULES H-13. Never before the start: a zero period (drill
 * profile) ends on its start date even with the minus-one-day option.
 */
export function periodEnd(startIsoDate: string, period: Duration, policy: PeriodPolicy): string {
  const end = addToDate(startIsoDate, period);
  const adjusted = policy.periodEndMinusOneDay ? addToDate(end, { days: -1 }) : end;
  return compareInstants(adjusted, startIsoDate) < 0 ? startIsoDate : adjusted;
}

/**
 * First day on which a minimum period from `startIsoDate` is complete ("after at least one year") — RULES H-13:
 * the day after the period's last day under the minus-one-day convention, the end day itself under the same-day one.
 */
export function periodCompleteOn(startIsoDate: string, period: Duration, policy: PeriodPolicy): string {
  const end = periodEnd(startIsoDate, period, policy);
  if (!policy.periodEndMinusOneDay || compareInstants(end, startIsoDate) === 0) return end;
  return addToDate(end, { days: 1 });
}

/**
 * Last day of a period that continues one ending on `previousEndIsoDate` (an extension, a postponement) — RULES H-13:
 * the new period runs from the day after the previous end under the minus-one-day convention, so the day is taken off
 * once, not twice (2026-03-09 + 6 months → 2026-09-09); from the previous end itself under the same-day one. Never
 * before the previous end; a zero period changes nothing.
 */
export function continuedPeriodEnd(previousEndIsoDate: string, period: Duration, policy: PeriodPolicy): string {
  const start = policy.periodEndMinusOneDay ? addToDate(previousEndIsoDate, { days: 1 }) : previousEndIsoDate;
  const end = periodEnd(start, period, policy);
  return compareInstants(end, previousEndIsoDate) <= 0 || isZero(period) ? previousEndIsoDate : end;
}

/**
 * First day of a period whose last day is `endIsoDate` — the inverse of `periodEnd` (RULES H-13), for windows counted
 * back from a date (advancing an election before the term end): `end − period` under the same-day convention, the day
 * after that under the minus-one-day one, so `periodEnd(periodStart(e, p), p) = e` (month-end clamp aside). Never
 * after the end.
 */
export function periodStart(endIsoDate: string, period: Duration, policy: PeriodPolicy): string {
  const back = negateDuration(period);
  const base = policy.periodEndMinusOneDay
    ? addToDate(addToDate(endIsoDate, { days: 1 }), back)
    : addToDate(endIsoDate, back);
  return compareInstants(base, endIsoDate) > 0 ? endIsoDate : base;
}

function isZero(period: Duration): boolean {
  return Object.values(period).every((v) => !v);
}

/**
 * The first day on which something due on `dueIsoDate` is late — RULES H-19 ("overdue from the day after"), §E
 * compliance flags: the due date itself is still in time. The one home of the rule for terms and admissions.
 */
export function overdueFrom(dueIsoDate: string): string {
  return addToDate(dueIsoDate, { days: 1 });
}

/** Whether something due on `dueIsoDate` is late on `onIsoDate`: on or after `overdueFrom` — RULES H-19. */
export function isLateOn(dueIsoDate: string, onIsoDate: string): boolean {
  return compareInstants(onIsoDate, overdueFrom(dueIsoDate)) >= 0;
}
