import { daysInMonth, durationMonths, parseIsoDate } from '../dates/date-math';
import { checkRecordedDate } from '../dates/recorded-date.rules';
import {
  invalidInput,
  orThrow,
  ruleOk,
  ruleRefused,
  violation,
  type RuleResult,
  type RuleViolation,
} from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';
import type { AttendanceStatus } from './orglife.types';

// Lapse watch — RULES §F, 党章 Art. 9: a member who for 6 consecutive months, without good reason, takes no part in
// organizational life (or pays no dues, or does no assigned work) is deemed to have left the party; the branch warns
// at 3 months (policy.lapseWarnAfter) and flags at 6 (policy.lapseThreshold), then the general meeting decides removal.
// Dues are kept outside Branchflow; the registry holds the fact "dues unpaid since <month>" when an administrator
// records it, and the watch reads it as the second ground.

export interface MemberAttendanceFact {
  /** meeting date (YYYY-MM-DD) */
  date: string;
  status: AttendanceStatus;
}

export type LapseLevel = 'none' | 'warned' | 'flagged';
export type LapseGround = 'attendance' | 'dues';

export interface LapseStatus {
  /** months in a row (counted back from the latest month with a meeting) absent without good reason */
  consecutiveMonths: number;
  /** first month (YYYY-MM) of the run, null when none */
  sinceMonth: string | null;
  /** months of unpaid dues ended by the day of the watch (the registry fact), 0 when none is recorded */
  duesUnpaidMonths: number;
  level: LapseLevel;
  /** the grounds that put the member on the watch (each at the warning threshold or above) */
  reasons: LapseGround[];
  warnAt: number;
  flagAt: number;
}

/**
 * The lapse status of one member from their attendance records up to `asOfDate` — RULES §F.
 * - A month counts when the organization recorded organizational life that month: attended at least once → the run
 *   restarts; every absence excused or with a reason given → the run restarts (good reason); otherwise (absent without
 *   reason, never present) → the run grows by one.
 * - A month in which the organization held nothing is skipped (the member cannot miss what was not held).
 * - `duesUnpaidMonths` (the registry fact, see duesUnpaidMonths()) is the other ground of 党章 Art. 9: it warns and
 *   flags at the same thresholds as attendance. Either ground alone is enough.
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
  const dues = Math.max(0, Math.floor(duesUnpaidMonths));
  const grounds: [LapseGround, number][] = [
    ['attendance', run],
    ['dues', dues],
  ];
  const reasons = grounds.filter(([, n]) => n >= warnAt).map(([g]) => g);
  const worst = Math.max(run, dues);
  const level: LapseLevel = worst >= flagAt ? 'flagged' : worst >= warnAt ? 'warned' : 'none';
  return { consecutiveMonths: run, sinceMonth: since, duesUnpaidMonths: dues, level, reasons, warnAt, flagAt };
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** Parses 'YYYY-MM', or the input violation INVALID_MONTH naming the field (400). */
function parseMonth(month: string, field: string): RuleResult<{ year: number; month: number }> {
  const m = MONTH.exec(month);
  const year = m ? Number(m[1]) : NaN;
  const mm = m ? Number(m[2]) : NaN;
  if (!m || mm < 1 || mm > 12) {
    return ruleRefused(
      invalidInput(
        'INVALID_MONTH',
        `${field}: not a month (YYYY-MM): ${month}`,
        `${field}须为月份（YYYY-MM），收到${month}`,
        {
          field,
        },
      ),
    );
  }
  return ruleOk({ year, month: mm });
}

/**
 * Months of dues unpaid by `asOfDate` when the first unpaid month is `sinceMonth` (党章 Art. 9): a month counts once it
 * has ended unpaid, so dues unpaid since January are 6 months unpaid on 30 June and 5 on 29 June. None recorded → 0.
 * `sinceMonth` is the registry's fact, stored as checkDuesUnpaidSince normalised it: a malformed one is corrupt data
 * and throws (an assertion, not a rule).
 */
export function duesUnpaidMonths(sinceMonth: string | null, asOfDate: string): number {
  if (sinceMonth === null) return 0;
  const since = orThrow(parseMonth(sinceMonth, 'unpaidSince'));
  const asOf = parseIsoDate(asOfDate);
  const current = (asOf.year - since.year) * 12 + (asOf.month - since.month);
  const ended = asOf.day === daysInMonth(asOf.year, asOf.month) ? current + 1 : current;
  return Math.max(0, ended);
}

/**
 * The fact an administrator records (RULES §F lapse watch, 党章 Art. 9): the first month not paid, a real month not
 * after the current one. Returns it normalised, or the input violation naming the field (400 INVALID_MONTH,
 * DUES_MONTH_IN_FUTURE).
 */
export function checkDuesUnpaidSince(sinceMonth: string, today: string, field = 'unpaidSince'): RuleResult<string> {
  const parsed = parseMonth(sinceMonth, field);
  if (!parsed.ok) return parsed;
  const since = parsed.value;
  const now = parseIsoDate(today);
  if (since.year * 12 + since.month > now.year * 12 + now.month) {
    return ruleRefused(
      invalidInput(
        'DUES_MONTH_IN_FUTURE',
        `${field}: ${sinceMonth} has not begun (today is ${today})`,
        `${field}：${sinceMonth}尚未开始（今天是${today}），不能登记为欠缴`,
        { field, today },
      ),
    );
  }
  return ruleOk(`${String(since.year).padStart(4, '0')}-${String(since.month).padStart(2, '0')}`);
}

/** The grounds of a lapse case as a task title says them (zh-CN and English); attendance when none is named. */
export function lapseGroundsText(
  reasons: readonly LapseGround[] | undefined,
  consecutiveMonths: number,
  duesMonths = 0,
): { zh: string; en: string } {
  const grounds = reasons && reasons.length > 0 ? reasons : (['attendance'] as const);
  const zh = grounds.map((g) =>
    g === 'attendance' ? `已连续${consecutiveMonths}个月无正当理由未参加组织生活` : `已连续${duesMonths}个月未交纳党费`,
  );
  const en = grounds.map((g) =>
    g === 'attendance'
      ? `${consecutiveMonths} consecutive months absent without reason`
      : `dues unpaid for ${duesMonths} consecutive months`,
  );
  return { zh: zh.join('，'), en: en.join('; ') };
}

/**
 * The lapse case's removal vote (L2, RULES §F via §E step 15): the branch general meeting was held, so its date is a
 * recorded date — a real calendar date, not after the organization's today (checkRecordedDate: 400 INVALID_DATE
 * naming the field, 422 naming the rule, the date and today). Without a date the meeting is the day of the decision.
 * The meeting decides on a member flagged after six months (党章 Art. 9), so it is not dated before the day the
 * member was flagged (`flaggedOn`, the case's own record): 422 REMOVAL_MEETING_BEFORE_FLAG with both dates.
 */
export function checkRemovalMeetingDate(meetingDate: unknown, today: string, flaggedOn?: string): RuleViolation | null {
  if (meetingDate === undefined || meetingDate === null) return null;
  const recorded = checkRecordedDate(meetingDate, today, {
    field: 'meetingDate',
    what: { zh: '讨论除名的支部党员大会召开', en: 'the general meeting on the removal' },
    rule: 'RULES §F (§E step 15)',
    numbers: { step: 'L2' },
  });
  if (recorded || !flaggedOn || (meetingDate as string) >= flaggedOn) return recorded;
  return violation({
    code: 'REMOVAL_MEETING_BEFORE_FLAG',
    kind: 'rule',
    rule: 'RULES §F (党章 Art. 9: six months)',
    message: `讨论除名的支部党员大会（${String(meetingDate)}）早于该党员被列为连续六个月不参加组织生活之日（${flaggedOn}）`,
    messageEn: `meetingDate ${String(meetingDate)}: the general meeting on the removal is before the member was flagged (${flaggedOn})`,
    numbers: { step: 'L2', field: 'meetingDate', meetingDate: String(meetingDate), flaggedOn },
  });
}
