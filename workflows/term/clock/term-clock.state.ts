import type { TermElectionResult } from '../../../libs/contracts';
import { electionDue, electionOpenDate, overdueFrom, type PolicyTable } from '../../../libs/domain';

// Timer arithmetic of the term clock (RULES §D.1, H-19) on top of the pure term rules of libs/domain. Days are on
// the organization's calendar: `offsetMinutes` is the policy's `localUtcOffsetMinutes` (0: UTC, runs recorded before).

export function dayOf(ms: number, offsetMinutes = 0): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function startOfDayMs(isoDate: string, offsetMinutes = 0): number {
  return Date.parse(`${isoDate}T00:00:00.000Z`) - offsetMinutes * 60_000;
}

/**
 * The next instant at which the term state can change by time alone, or null: the opening day (due − 6 months) while
 * a case may open, and the first overdue day (termStateOn: overdue once today > due). `canOpen` is false while a case
 * runs, or after a case closed without a new term (an approved shift reopens it).
 */
export function nextBoundaryMs(
  nowMs: number,
  v: { termEnd: string; shiftedTo: string | null; canOpen: boolean },
  policy: PolicyTable,
  offsetMinutes = 0,
): number | null {
  const due = electionDue(v.termEnd, v.shiftedTo);
  const candidates = [startOfDayMs(overdueFrom(due), offsetMinutes)]; // RULES H-19: overdue from the day after
  if (v.canOpen) candidates.push(startOfDayMs(electionOpenDate(due, policy), offsetMinutes));
  const future = candidates.filter((ms) => ms > nowMs);
  return future.length === 0 ? null : Math.min(...future);
}

/**
 * The election case returns its result, or (on the approval kernel) its CaseState with the result in data.result.
 * Either way a new term needs both dates; anything else is a case that closed without one.
 */
export function newTermOf(value: unknown): { termStart: string; termEnd: string } | null {
  const direct = value as Partial<TermElectionResult> | null;
  const nested = (value as { data?: { result?: Partial<TermElectionResult> } } | null)?.data?.result;
  for (const r of [direct, nested]) {
    if (r && r.status === 'newTerm' && typeof r.termStart === 'string' && typeof r.termEnd === 'string') {
      return { termStart: r.termStart, termEnd: r.termEnd };
    }
  }
  return null;
}
