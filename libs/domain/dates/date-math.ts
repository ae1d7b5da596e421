import { DomainRuleError, invalidInput, type RuleViolation } from '../errors/rule-violation';
import type { Duration } from '../policy/policy-table';

// Calendar arithmetic in UTC (RULES §0.2, H-13): years and months move the calendar and clamp to the month end
// (31 Jan + 1 month = 28/29 Feb); days are calendar days; smaller units are exact. Pure: no clock is read.

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** month is 1–12 */
export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/**
 * The violation parseIsoDate throws for a string that is not a real calendar date 'YYYY-MM-DD' (400 INVALID_DATE with
 * the value), else null: for rules that take a date and answer a malformed one instead of throwing.
 */
export function isoDateViolation(isoDate: string): RuleViolation | null {
  if (isIsoDate(isoDate)) return null;
  return invalidInput(
    'INVALID_DATE',
    `not an ISO date (YYYY-MM-DD): ${isoDate}`,
    `日期格式无效（应为YYYY-MM-DD）：${isoDate}`,
    {
      value: isoDate,
    },
  );
}

/** Parses 'YYYY-MM-DD' (a real calendar date) or throws DomainRuleError(kind 'invalid'). */
export function parseIsoDate(isoDate: string): { year: number; month: number; day: number } {
  const bad = isoDateViolation(isoDate);
  if (bad) throw new DomainRuleError(bad);
  const m = ISO_DATE.exec(isoDate)!;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** A real calendar date 'YYYY-MM-DD' (RULES §0.2); never throws. */
export function isIsoDate(value: unknown): value is string {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/**
 * A date field that is not a real calendar date, as the input violation naming the field (400), else null: for the
 * checks that take dates from a payload, so a malformed one is answered instead of thrown.
 */
export function checkDateField(field: string, value: unknown): RuleViolation | null {
  if (isIsoDate(value)) return null;
  return invalidInput(
    'INVALID_DATE',
    `${field}: not an ISO date (YYYY-MM-DD): ${String(value)}`,
    `${field}：日期格式无效（应为YYYY-MM-DD）：${String(value)}`,
    { field, value: String(value) },
  );
}

/** Parses an ISO instant with an explicit offset (or a bare 'YYYY-MM-DD', read as UTC midnight) to epoch ms. */
export function parseIsoInstant(isoInstant: string): number {
  if (ISO_DATE.test(isoInstant)) {
    const { year, month, day } = parseIsoDate(isoInstant);
    return Date.UTC(year, month - 1, day);
  }
  const ms = ISO_INSTANT.test(isoInstant) ? Date.parse(isoInstant) : NaN;
  if (Number.isNaN(ms)) {
    throw new DomainRuleError(
      invalidInput('INVALID_INSTANT', `not an ISO instant with offset: ${isoInstant}`, `时间格式无效：${isoInstant}`, {
        value: isoInstant,
      }),
    );
  }
  return ms;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function toIsoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Whole calendar months of a period's years and months (years × 12 + months); days and smaller units are ignored. */
export function durationMonths(d: Duration): number {
  return (d.years ?? 0) * 12 + (d.months ?? 0);
}

/** Adds whole calendar months to a date, clamping the day to the target month's length (RULES H-13). */
function addMonthsClamped(year: number, month: number, day: number, months: number) {
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return { year: y, month: m, day: Math.min(day, daysInMonth(y, m)) };
}

function checkDuration(d: Duration): void {
  for (const [k, v] of Object.entries(d)) {
    if (v !== undefined && !Number.isInteger(v)) {
      throw new DomainRuleError(
        invalidInput(
          'INVALID_DURATION',
          `duration field ${k} must be an integer, got ${String(v)}`,
          `期限字段${k}须为整数：${String(v)}`,
          {
            field: k,
          },
        ),
      );
    }
  }
}

/** from + d as an ISO instant (UTC, 'Z'); negative fields subtract. */
export function addDuration(isoInstant: string, d: Duration): string {
  checkDuration(d);
  const ms = parseIsoInstant(isoInstant);
  const base = new Date(ms);
  const timeOfDay = ms - Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate());
  const shifted = addMonthsClamped(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), durationMonths(d));
  const result =
    Date.UTC(shifted.year, shifted.month - 1, shifted.day) +
    timeOfDay +
    (d.days ?? 0) * MS_PER_DAY +
    (d.hours ?? 0) * MS_PER_HOUR +
    (d.minutes ?? 0) * MS_PER_MINUTE +
    (d.seconds ?? 0) * MS_PER_SECOND;
  return new Date(result).toISOString();
}

/** from − d as an ISO instant (UTC). */
export function subtractDuration(isoInstant: string, d: Duration): string {
  return addDuration(isoInstant, negateDuration(d));
}

export function negateDuration(d: Duration): Duration {
  const out: Duration = {};
  for (const [k, v] of Object.entries(d) as [keyof Duration, number | undefined][]) {
    if (v !== undefined) out[k] = v === 0 ? 0 : -v;
  }
  return out;
}

/** 'YYYY-MM-DD' + d → 'YYYY-MM-DD' (time fields of d are applied from midnight UTC, then truncated). */
export function addToDate(isoDate: string, d: Duration): string {
  const { year, month, day } = parseIsoDate(isoDate);
  return addDuration(`${toIsoDate(year, month, day)}T00:00:00.000Z`, d).slice(0, 10);
}

/** Whole years from birthDate to onDate; a 29 Feb birthday falls on 28 Feb in common years (month-end clamp). */
export function ageOn(birthDate: string, onDate: string): number {
  const b = parseIsoDate(birthDate);
  const on = parseIsoDate(onDate);
  let age = on.year - b.year;
  const anniversaryDay = Math.min(b.day, daysInMonth(on.year, b.month));
  if (on.month < b.month || (on.month === b.month && on.day < anniversaryDay)) age -= 1;
  return age;
}

/** Negative, zero or positive as a is before, equal to or after b (ISO dates or instants). */
export function compareInstants(a: string, b: string): number {
  return Math.sign(parseIsoInstant(a) - parseIsoInstant(b));
}
