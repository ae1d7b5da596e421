import { violation, type RuleViolation } from '../errors/rule-violation';
import { addToDate, isoDateViolation, negateDuration, parseIsoDate, parseIsoInstant } from '../dates/date-math';
import type { PolicyTable } from '../policy/policy-table';
import { isLateOn, periodEnd } from '../dates/period';
import type { EstablishableType } from './eligibility.rules';
import { checkTermShift, periodEndDate, termEndDate, termYearsFor } from './term.rules';

// Term clock (任期) of one organization: when the election is due, when reminders go out, which state the term is in.
// Pure: "today" is always an argument.

export type TermClockState = 'current' | 'dueSoon' | 'electionOpen' | 'overdue' | 'closed';

/** The date the election is due: the approved shifted date, else the term end T — RULES §B.3, §D.1. */
export function electionDue(termEnd: string, shiftedTo: string | null): string {
  parseIsoDate(termEnd);
  if (shiftedTo === null) return termEnd;
  parseIsoDate(shiftedTo);
  return shiftedTo;
}

/** due − 6 months: the upper body reminds and the election case opens by itself — RULES §D.1. */
export function electionOpenDate(electionDueIso: string, policy: PolicyTable): string {
  return addToDate(electionDueIso, negateDuration(policy.termReminderLead));
}

/** due − 2 months: second reminder to the upper body — RULES §D.1 (T − 1 to 2 months). */
export function secondReminderDate(electionDueIso: string, policy: PolicyTable): string {
  return addToDate(electionDueIso, negateDuration(policy.termSecondReminderLead));
}

/**
 * State of a term on a day — RULES §D.1, H-19. Closed wins; past the due date (shiftedTo ?? T) the election is
 * overdue even if its case is open (without an approved shift the election is overdue from T); an open case shows
 * as electionOpen; inside the reminder lead with no case yet the term is dueSoon.
 */
export function termStateOn(
  todayIso: string,
  v: { termEnd: string; shiftedTo: string | null; electionOpen: boolean; closed: boolean },
  policy: PolicyTable,
): TermClockState {
  parseIsoDate(todayIso);
  const due = electionDue(v.termEnd, v.shiftedTo);
  if (v.closed) return 'closed';
  if (isLateOn(due, todayIso)) return 'overdue';
  if (v.electionOpen) return 'electionOpen';
  if (todayIso >= electionOpenDate(due, policy)) return 'dueSoon';
  return 'current';
}

/**
 * Dates of the next term starting on startIso (the approval's effective date or the election date, see termStartFor)
 * — RULES §B.2, H-7, H-13. With policy.delayShortensNextTerm and the previous term's end given, the next term ends a
 * full term after the previous T instead (a late election then shortens it); the default keeps a full term.
 */
export function nextTermDates(
  startIso: string,
  type: EstablishableType,
  policy: PolicyTable,
  opts: { previousTermEnd?: string } = {},
): { termStart: string; termEnd: string; termYears: number } {
  parseIsoDate(startIso);
  const termYears = termYearsFor(type, policy);
  const anchor = policy.delayShortensNextTerm && opts.previousTermEnd ? opts.previousTermEnd : startIso;
  // the previous T is an anchor only when it lies before the start (an early election never lengthens the term)
  const termEnd = anchor < startIso ? periodEndDate(anchor, termYears, policy) : termEndDate(startIso, type, policy);
  return { termStart: startIso, termEnd, termYears };
}

/** H-7 policy choice: the new term starts on the upper body's approval (default) or on the election date. */
export function termStartFor(dates: { electionDate: string; approvalDate: string }, policy: PolicyTable): string {
  const start = policy.termStartsOn === 'election' ? dates.electionDate : dates.approvalDate;
  parseIsoDate(start);
  return start;
}

/**
 * A shift request (提前 / 延期换届) — RULES §B.3: the planned date may not lie in the past, and must stay within
 * one year of T (advance only where the policy allows it). Violations carry the window and the shift in days; a date
 * that is not YYYY-MM-DD is the input violation INVALID_DATE (400, naming the value).
 */
export function checkShiftRequest(
  termEnd: string,
  plannedIso: string,
  todayIso: string,
  policy: PolicyTable,
): RuleViolation | null {
  const malformed = isoDateViolation(termEnd) ?? isoDateViolation(plannedIso) ?? isoDateViolation(todayIso);
  if (malformed) return malformed;
  if (plannedIso < todayIso) {
    return violation({
      code: 'TERM_SHIFT_IN_PAST',
      kind: 'rule',
      rule: 'RULES §B.3',
      message: `换届日期${plannedIso}早于今天${todayIso}，不能申请`,
      messageEn: `planned election date ${plannedIso} is before today ${todayIso}`,
      numbers: { termEnd, planned: plannedIso, today: todayIso },
    });
  }
  const v = checkTermShift(termEnd, plannedIso, policy);
  if (!v) return null;
  const shiftDays = Math.round((parseIsoInstant(plannedIso) - parseIsoInstant(termEnd)) / 86_400_000);
  return violation({ ...v, numbers: { ...v.numbers, shiftDays } });
}

/** Vacancy clock: a leadership vacancy is filled within 3 months when the local rule is adopted — RULES §B.4, §D.8. */
export function vacancyDueDate(occurredOnIso: string, policy: PolicyTable): string | null {
  parseIsoDate(occurredOnIso);
  return policy.vacancyFillDeadlineEnabled ? periodEnd(occurredOnIso, policy.vacancyFillDeadline, policy) : null;
}
