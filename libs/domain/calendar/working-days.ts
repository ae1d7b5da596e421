import { DomainRuleError, violation, type RuleViolation } from '../errors/rule-violation';
import { addToDate, compareInstants, parseIsoDate } from '../dates/date-math';
import { periodEnd } from '../dates/period';
import type { Duration, PolicyTable } from '../policy/policy-table';

// Working-day calendar (工作日) for the periods the rules count in working days (RULES §0.2, §E step 13 public notice)
// and for task due dates when the policy says so. Pure data: the statutory holidays and the make-up workdays (调休)
// of each known year are loaded at the edge (the `chinese-days` package, plus an administrator's override table for
// the years it does not know) and passed in; no function here reads a file or a clock.

export interface WorkingDayCalendar {
  /** years whose holidays and make-up workdays are known; a date outside them cannot be counted */
  years: readonly number[];
  /** statutory days off (法定节假日, including the weekend days inside a holiday block), 'YYYY-MM-DD' */
  holidays: readonly string[];
  /** weekend days that are working days (调休上班), 'YYYY-MM-DD' */
  workdays: readonly string[];
}

/** Entries of one day in an override table: a date and whether it is a working day (administrator's table). */
export interface CalendarOverride {
  date: string;
  working: boolean;
}

function isWeekend(isoDate: string): boolean {
  const { year, month, day } = parseIsoDate(isoDate);
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return dow === 0 || dow === 6;
}

/** The calendar does not know the year of `isoDate` (neither the library nor the override table has it). */
export function calendarYearUnknown(isoDate: string, calendar: WorkingDayCalendar): RuleViolation | null {
  const year = parseIsoDate(isoDate).year;
  if (calendar.years.includes(year)) return null;
  return violation({
    code: 'WORKING_DAY_CALENDAR_UNKNOWN_YEAR',
    kind: 'rule',
    rule: 'RULES §0.2',
    message: `工作日历没有${year}年的法定节假日和调休安排，请管理员在工作日历中补录`,
    messageEn: `the working-day calendar has no holidays or make-up workdays for ${year}; an administrator must enter them`,
    numbers: { year, knownYears: calendar.years.join(',') },
  });
}

/** Whether a day is a working day: a make-up workday is, a statutory holiday or a weekend day is not — RULES §0.2. */
export function isWorkingDay(isoDate: string, calendar: WorkingDayCalendar): boolean {
  const unknown = calendarYearUnknown(isoDate, calendar);
  if (unknown) throw new DomainRuleError(unknown);
  if (calendar.workdays.includes(isoDate)) return true;
  if (calendar.holidays.includes(isoDate)) return false;
  return !isWeekend(isoDate);
}

/** What a calendar says of a day: off or working, and why; null for a year it does not know (RULES §0.2). */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday';

export function dayKind(isoDate: string, calendar: WorkingDayCalendar): DayKind | null {
  if (calendarYearUnknown(isoDate, calendar)) return null;
  if (calendar.workdays.includes(isoDate)) return 'makeUpWorkday';
  if (calendar.holidays.includes(isoDate)) return 'holiday';
  return isWeekend(isoDate) ? 'weekend' : 'workday';
}

/**
 * The n-th working day from `startDate` — RULES §0.2 (工作日). With `countStart` the start day counts as the first
 * when it is a working day (a notice posted on a working day runs from that day); otherwise counting begins the next
 * day. n = 0 returns the start date. Throws DomainRuleError WORKING_DAY_CALENDAR_UNKNOWN_YEAR past the known years.
 */
export function addWorkingDays(
  startDate: string,
  n: number,
  calendar: WorkingDayCalendar,
  opts: { countStart?: boolean } = {},
): string {
  parseIsoDate(startDate);
  if (n <= 0) return startDate;
  let day = opts.countStart ? startDate : addToDate(startDate, { days: 1 });
  let counted = 0;
  for (let guard = 0; guard < 3660; guard += 1) {
    if (isWorkingDay(day, calendar)) counted += 1;
    if (counted === n) return day;
    day = addToDate(day, { days: 1 });
  }
  throw new DomainRuleError(calendarYearUnknown('9999-12-31', calendar)!);
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not after `from`. */
export function workingDaysBetween(from: string, to: string, calendar: WorkingDayCalendar): number {
  let n = 0;
  for (let day = addToDate(from, { days: 1 }); compareInstants(day, to) <= 0; day = addToDate(day, { days: 1 })) {
    if (isWorkingDay(day, calendar)) n += 1;
  }
  return n;
}

/**
 * One calendar from the library's data and the administrator's overrides: an override decides its day (working or
 * not) and makes its year known — the table fills the years the library does not know and corrects single days.
 */
export function mergeCalendar(
  base: WorkingDayCalendar,
  overrides: readonly CalendarOverride[],
  overrideYears: readonly number[] = [],
): WorkingDayCalendar {
  const holidays = new Set(base.holidays);
  const workdays = new Set(base.workdays);
  const years = new Set([...base.years, ...overrideYears]);
  for (const o of overrides) {
    years.add(parseIsoDate(o.date).year);
    holidays.delete(o.date);
    workdays.delete(o.date);
    const weekend = isWeekend(o.date);
    if (o.working && weekend) workdays.add(o.date);
    if (!o.working && !weekend) holidays.add(o.date);
  }
  return {
    years: [...years].sort((a, b) => a - b),
    holidays: [...holidays].sort(),
    workdays: [...workdays].sort(),
  };
}

/** A calendar that knows no holidays: weekends only, for every year (tests and organizations outside China). */
export function weekendOnlyCalendar(years: readonly number[]): WorkingDayCalendar {
  return { years: [...years], holidays: [], workdays: [] };
}

/**
 * Due date of a task opened on `createdLocalDate` — the policy option `taskDueInWorkingDays`: a deadline written in
 * days counts working days (statutory holidays skipped, 调休 counted; DingTalk Yida's "工作日" deadlines); months and
 * years stay calendar periods (RULES §0.2, H-13). Without the option every deadline is a calendar period.
 */
export function taskDueDate(
  createdLocalDate: string,
  due: Duration,
  policy: Pick<PolicyTable, 'taskDueInWorkingDays' | 'periodEndMinusOneDay'>,
  calendar: WorkingDayCalendar | null,
): string {
  const daysOnly = !due.years && !due.months && !due.hours && !due.minutes && !due.seconds && (due.days ?? 0) > 0;
  if (policy.taskDueInWorkingDays && daysOnly && calendar) return addWorkingDays(createdLocalDate, due.days!, calendar);
  return periodEnd(createdLocalDate, due, policy);
}
