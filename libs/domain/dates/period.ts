import { addToDate, compareInstants } from './date-math';
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

/** True when `onIsoDate` is still inside a deadline window from `startIsoDate` (on or before its end). */
export function withinPeriod(startIsoDate: string, period: Duration, onIsoDate: string, policy: PeriodPolicy): boolean {
  return compareInstants(onIsoDate, periodEnd(startIsoDate, period, policy)) <= 0;
}
