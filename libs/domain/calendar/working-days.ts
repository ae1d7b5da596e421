import {
  DomainRuleError,
  ruleOk,
  ruleRefused,
  violation,
  type RuleResult,
  type RuleViolation,
} from '../errors/rule-violation';
import { addDuration, addToDate, isoDateViolation, parseIsoDate, parseIsoInstant } from '../dates/date-math';
import { localDate } from '../policy/local-date';
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

const UNKNOWN_YEAR = 'WORKING_DAY_CALENDAR_UNKNOWN_YEAR';

/** The calendar does not know the year of `isoDate` (neither the library nor the override table has it). */
export function calendarYearUnknown(isoDate: string, calendar: WorkingDayCalendar): RuleViolation | null {
  const year = parseIsoDate(isoDate).year;
  if (calendar.years.includes(year)) return null;
  return violation({
    code: UNKNOWN_YEAR,
    kind: 'rule',
    rule: 'RULES §0.2',
    message: `工作日历没有${year}年的法定节假日和调休安排，请管理员在工作日历中补录`,
    messageEn: `the working-day calendar has no holidays or make-up workdays for ${year}; an administrator must enter them`,
    numbers: { year, knownYears: calendar.years.join(',') },
  });
}

/**
 * Whether a day is a working day: a make-up workday is, a statutory holiday or a weekend day is not — RULES §0.2. A
 * year the calendar does not know: WORKING_DAY_CALENDAR_UNKNOWN_YEAR instead of an answer; a malformed date:
 * INVALID_DATE.
 */
export function isWorkingDay(isoDate: string, calendar: WorkingDayCalendar): RuleResult<boolean> {
  const unknown = isoDateViolation(isoDate) ?? calendarYearUnknown(isoDate, calendar);
  if (unknown) return ruleRefused(unknown);
  if (calendar.workdays.includes(isoDate)) return ruleOk(true);
  if (calendar.holidays.includes(isoDate)) return ruleOk(false);
  return ruleOk(!isWeekend(isoDate));
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
 * day. n = 0 returns the start date. A count that runs past the known years: WORKING_DAY_CALENDAR_UNKNOWN_YEAR
 * instead of a date; a malformed start: INVALID_DATE.
 */
export function addWorkingDays(
  startDate: string,
  n: number,
  calendar: WorkingDayCalendar,
  opts: { countStart?: boolean } = {},
): RuleResult<string> {
  const malformed = isoDateViolation(startDate);
  if (malformed) return ruleRefused(malformed);
  if (n <= 0) return ruleOk(startDate);
  let day = opts.countStart ? startDate : addToDate(startDate, { days: 1 });
  let counted = 0;
  for (let guard = 0; guard < 3660; guard += 1) {
    const working = isWorkingDay(day, calendar);
    if (!working.ok) return ruleRefused(working.violation);
    if (working.value) counted += 1;
    if (counted === n) return ruleOk(day);
    day = addToDate(day, { days: 1 });
  }
  return ruleRefused(calendarYearUnknown('9999-12-31', calendar)!);
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

/** The part of a calendar for `years` (the years it knows among them, their holidays and make-up workdays). */
export function calendarForYears(calendar: WorkingDayCalendar, years: readonly number[]): WorkingDayCalendar {
  const wanted = new Set(years);
  const inYears = (d: string) => wanted.has(Number(d.slice(0, 4)));
  return {
    years: calendar.years.filter((y) => wanted.has(y)),
    holidays: calendar.holidays.filter(inYears),
    workdays: calendar.workdays.filter(inYears),
  };
}

/** Whole days only (no months, years or time units): the deadlines the working-day option applies to. */
function wholeDays(due: Duration): number | null {
  const days = due.days ?? 0;
  const other = (due.years ?? 0) + (due.months ?? 0) + (due.hours ?? 0) + (due.minutes ?? 0) + (due.seconds ?? 0);
  return other === 0 && days > 0 && Number.isInteger(days) ? days : null;
}

/**
 * Whether a task deadline counts working days — the policy option `taskDueInWorkingDays` (DingTalk Yida's "工作日"
 * deadlines): on, and the deadline is whole days. Months and years stay calendar periods (RULES §0.2, H-13).
 */
export function dueInWorkingDays(due: Duration, policy: Pick<PolicyTable, 'taskDueInWorkingDays'>): boolean {
  return policy.taskDueInWorkingDays && wholeDays(due) !== null;
}

/**
 * The calendar years a deadline of `days` working days from `startDate` can reach: n working days take at most 2n
 * calendar days plus the longest holiday block (Spring Festival, National Day: about a month).
 */
export function workingDayYears(startDate: string, days: number): number[] {
  const from = parseIsoDate(startDate).year;
  const to = parseIsoDate(addToDate(startDate, { days: 2 * Math.max(0, days) + 31 })).year;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * Due date of a task opened on `createdLocalDate` under `taskDueInWorkingDays`: a deadline in whole days counts
 * working days after the opening day (statutory holidays skipped, 调休 make-up days counted); any other deadline is a
 * calendar period (RULES §0.2, H-13). WORKING_DAY_CALENDAR_UNKNOWN_YEAR instead of a date past the calendar's years.
 */
export function taskDueDate(
  createdLocalDate: string,
  due: Duration,
  policy: Pick<PolicyTable, 'taskDueInWorkingDays' | 'periodEndMinusOneDay'>,
  calendar: WorkingDayCalendar | null,
): RuleResult<string> {
  const days = wholeDays(due);
  if (policy.taskDueInWorkingDays && days !== null && calendar) return addWorkingDays(createdLocalDate, days, calendar);
  return ruleOk(periodEnd(createdLocalDate, due, policy));
}

export interface TaskDue {
  /** the due instant */
  dueAt: string;
  /** how it was counted: working days, or calendar time (the option off, not whole days, or no calendar) */
  basis: 'workingDays' | 'calendar';
  /** set when working days were asked for but the calendar does not know a year the count reaches: calendar time */
  unknownYear: RuleViolation | null;
}

/**
 * Due instant of a task opened at `createdAtIso` — the kernel's one rule for task deadlines. Calendar time by default
 * (`addDuration`: the same time of day N days, months or years on). Under `taskDueInWorkingDays` a deadline in whole
 * days falls on the n-th working day after the local opening date, at the opening's local time of day. A year the
 * calendar does not know (an administrator has not entered it yet) falls back to calendar time and says so: a task
 * deadline never stops a case.
 */
export function taskDueAt(
  createdAtIso: string,
  due: Duration,
  policy: Pick<PolicyTable, 'taskDueInWorkingDays' | 'periodEndMinusOneDay' | 'localUtcOffsetMinutes'>,
  calendar: WorkingDayCalendar | null,
): TaskDue {
  const calendarTime: TaskDue = { dueAt: addDuration(createdAtIso, due), basis: 'calendar', unknownYear: null };
  if (!dueInWorkingDays(due, policy) || !calendar) return calendarTime;
  const created = localDate(createdAtIso, policy);
  const counted = taskDueDate(created, due, policy, calendar);
  if (!counted.ok) {
    if (counted.violation.code === UNKNOWN_YEAR) return { ...calendarTime, unknownYear: counted.violation };
    throw new DomainRuleError(counted.violation); // a malformed opening date: a bug of the caller, as before
  }
  const date = counted.value;
  const days = Math.round((parseIsoInstant(date) - parseIsoInstant(created)) / 86_400_000);
  return { dueAt: addDuration(createdAtIso, { days }), basis: 'workingDays', unknownYear: null };
}
