import { durationMonths } from '../dates/date-math';
import type { PolicyTable } from '../policy/policy-table';
import type { AttendanceStatus } from './orglife.types';

// Lapse watch — RULES §F, 党章 Art. 9: a member who for 6 consecutive months, without good reason, takes no part in
// organizational life (or pays no dues, or does no assigned work) is deemed to have left the party; the branch warns
// at 3 months (policy.lapseWarnAfter) and flags at 6 (policy.lapseThreshold), then the general meeting decides removal.

export interface MemberAttendanceFact {
  /** meeting date (YYYY-MM-DD) */
  date: string;
  status: AttendanceStatus;
}

export type LapseLevel = 'none' | 'warned' | 'flagged';

export interface LapseStatus {
  /** months in a row (counted back from the latest month with a meeting) absent without good reason */
  consecutiveMonths: number;
  /** first month (YYYY-MM) of the run, null when none */
  sinceMonth: string | null;
  level: LapseLevel;
  /** why flagged: attendance, unpaid dues, or both */
  reasons: ('attendance' | 'dues')[];
  warnAt: number;
  flagAt: number;
}

/**
 * The lapse status of one member from their attendance records up to `asOfDate` — RULES §F.
 * - A month counts when the organization recorded organizational life that month: attended at least once → the run
 *   restarts; every absence excused or with a reason given → the run restarts (good reason); otherwise (absent without
 *   reason, never present) → the run grows by one.
 * - A month in which the organization held nothing is skipped (the member cannot miss what was not held).
 * - `duesUnpaidMonths` (a registry fact, when recorded) at or above the threshold flags as well (党章 Art. 9).
 */
export function lapseStatus(
  facts: readonly MemberAttendanceFact[],
  asOfDate: string,
  policy: PolicyTable,
  duesUnpaidMonths = 0,
): LapseStatus {
  const warnAt = durationMonths(policy.lapseWarnAfter);
  const flagAt = durationMonths(policy.lapseThreshold);
  const byMonth = new Map<string, AttendanceStatus[]>();
  for (const f of facts) {
    if (f.date > asOfDate) continue;
    const month = f.date.slice(0, 7);
    const list = byMonth.get(month) ?? [];
    list.push(f.status);
    byMonth.set(month, list);
  }
  const months = [...byMonth.keys()].sort().reverse();
  let run = 0;
  let since: string | null = null;
  for (const month of months) {
    const statuses = byMonth.get(month)!;
    if (statuses.includes('present')) break;
    if (statuses.every((s) => s === 'excused' || s === 'absentWithReason')) break;
    run += 1;
    since = month;
  }
  const reasons: LapseStatus['reasons'] = [];
  if (run >= flagAt) reasons.push('attendance');
  if (duesUnpaidMonths >= flagAt) reasons.push('dues');
  const level: LapseLevel = reasons.length > 0 ? 'flagged' : run >= warnAt ? 'warned' : 'none';
  return { consecutiveMonths: run, sinceMonth: since, level, reasons, warnAt, flagAt };
}
