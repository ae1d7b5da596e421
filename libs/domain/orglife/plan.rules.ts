import { addToDate, daysInMonth, isoDateViolation, parseIsoDate } from '../dates/date-math';
import {
  DomainRuleError,
  invalidInput,
  ruleOk,
  ruleRefused,
  violation,
  type RuleResult,
  type RuleViolation,
} from '../errors/rule-violation';
import type { Frequency, PolicyTable } from '../policy/policy-table';
import { occurrenceKindInfo } from './occurrence-kinds';
import type { OccurrenceKind, OccurrenceStatus, OrgLifeOrgType, PlannedOccurrence, YearPlan } from './orglife.types';

// The yearly plan of organizational life — RULES §F: which occurrences an organization holds in a year, in which
// period, on which planned date, with the notice and reminder days the schedule works from. Pure.

export interface PlanInput {
  orgId: string;
  orgType: OrgLifeOrgType;
  /** a committee (支委会) is elected: committee meetings and party cells are planned */
  hasCommittee: boolean;
  year: number;
  /** the branch's chosen day for the theme party day (1–28); default policy.orgLife.themeDayOfMonth */
  themeDayOfMonth?: number;
}

const BRANCH_TYPES: readonly OrgLifeOrgType[] = ['branch', 'jointBranch', 'temporaryBranch'];

/**
 * The kinds an organization's plan holds — RULES §F: branches hold the three meetings and classes (general meeting
 * quarterly, committee monthly, party cells monthly), the theme day monthly, the organizational-life meeting, the
 * appraisal and the talks yearly; general branches and organ committees hold their committee meeting monthly, classes
 * (the secretary's at least) and the organizational-life meeting; organ committees the organ members' assembly; every
 * secretary reports yearly (机关条例2019 Art. 39). Local items (collective study, organ work meeting) when enabled.
 */
export function plannedKinds(
  input: Pick<PlanInput, 'orgType' | 'hasCommittee'>,
  policy: PolicyTable,
): OccurrenceKind[] {
  const o = policy.orgLife;
  const kinds: OccurrenceKind[] = [];
  if (BRANCH_TYPES.includes(input.orgType)) {
    kinds.push('generalMeeting');
    if (input.hasCommittee) kinds.push('committeeMeeting');
    if (input.hasCommittee || !o.partyCellsWithCommitteeOnly) kinds.push('partyCellMeeting');
    kinds.push('partyClass', 'secretaryPartyClass', 'themeDay', 'orgLifeMeeting', 'memberAppraisal', 'heartToHeart');
  } else if (input.orgType === 'generalBranch') {
    kinds.push('generalMeeting', 'committeeMeeting', 'partyClass', 'secretaryPartyClass', 'orgLifeMeeting');
  } else if (input.orgType === 'organCommittee') {
    kinds.push('committeeMeeting', 'secretaryPartyClass', 'orgLifeMeeting', 'organAssembly');
    if (o.organWorkMeetingEnabled) kinds.push('organWorkMeeting');
  } else {
    kinds.push('committeeMeeting', 'secretaryPartyClass');
  }
  if (o.collectiveStudyEnabled && input.orgType !== 'organsWorkCommittee') kinds.push('collectiveStudy');
  kinds.push('secretaryReport');
  return kinds;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthEnd(year: number, month: number): string {
  return iso(year, month, daysInMonth(year, month));
}

interface Slot {
  periodStart: string;
  periodEnd: string;
  /** month (1–12) the planned date falls in by default */
  month: number;
}

/**
 * The periods of a frequency in a year — RULES §F: `n per month` → n in each month; `n per quarter` → n in each
 * quarter (planned in its middle month); `n per year` → n over the whole year, planned spread evenly (4 a year: Feb,
 * May, Aug, Nov). The organizational-life meeting's single yearly occurrence falls in the policy's quarter (Q4).
 */
export function occurrenceSlots(kind: OccurrenceKind, frequency: Frequency, year: number, policy: PolicyTable): Slot[] {
  const slots: Slot[] = [];
  if (!Number.isInteger(frequency.count) || frequency.count < 0) {
    throw new DomainRuleError(invalidInput('INVALID_FREQUENCY', `bad frequency for ${kind}`, `频次无效：${kind}`));
  }
  if (frequency.per === 'month') {
    for (let m = 1; m <= 12; m++) {
      for (let i = 0; i < frequency.count; i++)
        slots.push({ periodStart: iso(year, m, 1), periodEnd: monthEnd(year, m), month: m });
    }
  } else if (frequency.per === 'quarter') {
    for (let q = 0; q < 4; q++) {
      for (let i = 0; i < frequency.count; i++) {
        slots.push({ periodStart: iso(year, q * 3 + 1, 1), periodEnd: monthEnd(year, q * 3 + 3), month: q * 3 + 2 });
      }
    }
  } else if (kind === 'orgLifeMeeting') {
    const q = policy.orgLife.orgLifeMeetingQuarter - 1;
    for (let i = 0; i < frequency.count; i++) {
      slots.push({ periodStart: iso(year, q * 3 + 1, 1), periodEnd: monthEnd(year, q * 3 + 3), month: q * 3 + 2 });
    }
  } else {
    const n = frequency.count;
    for (let i = 0; i < n; i++) {
      // the i-th of n equal slices of the year, planned in the slice's middle month; yearly items in the last quarter
      const month = n === 1 ? yearlyMonth(kind) : Math.floor((i * 12) / n) + Math.floor(12 / n / 2) + 1;
      slots.push({ periodStart: iso(year, 1, 1), periodEnd: iso(year, 12, 31), month: Math.min(12, month) });
    }
  }
  return slots;
}

/** Default month of a once-a-year item: talks before the Q4 meetings, the appraisal with them, the report in December. */
function yearlyMonth(kind: OccurrenceKind): number {
  switch (kind) {
    case 'heartToHeart':
      return 10;
    case 'memberAppraisal':
      return 11;
    case 'secretaryReport':
      return 12;
    case 'secretaryPartyClass':
      return 7;
    default:
      return 6;
  }
}

/** The day the notice goes out and the reminder day of an occurrence planned on `plannedDate` (RULES §F notice ≥ 3 days). */
export function scheduleDays(
  kind: OccurrenceKind,
  period: { periodStart: string; periodEnd: string },
  plannedDate: string,
  policy: PolicyTable,
): { noticeOn: string; remindOn: string } {
  const info = occurrenceKindInfo(kind, policy);
  const noticeOn = info.notice ? addToDate(plannedDate, negate(info.notice)) : period.periodStart;
  const byLead = addToDate(period.periodEnd, negate(policy.orgLife.occurrenceReminderLead));
  const afterMeeting = addToDate(plannedDate, { days: 1 });
  let remindOn = byLead > afterMeeting ? byLead : afterMeeting;
  if (remindOn > period.periodEnd) remindOn = period.periodEnd;
  return { noticeOn, remindOn };
}

function negate(d: { years?: number; months?: number; days?: number }) {
  return { years: -(d.years ?? 0), months: -(d.months ?? 0), days: -(d.days ?? 0) };
}

/**
 * The yearly plan generated from the policy table (RULES §F); the secretary adjusts dates before approval. A year
 * outside 2000–2999 (INVALID_YEAR) or a theme day outside 1–28 (INVALID_THEME_DAY) is answered as an input violation.
 */
export function generateYearlyPlan(input: PlanInput, policy: PolicyTable): RuleResult<YearPlan> {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2999) {
    return ruleRefused(
      invalidInput('INVALID_YEAR', `year must be between 2000 and 2999`, `年度须在2000至2999之间`, { field: 'year' }),
    );
  }
  const themeDay = input.themeDayOfMonth ?? policy.orgLife.themeDayOfMonth;
  if (!Number.isInteger(themeDay) || themeDay < 1 || themeDay > 28) {
    return ruleRefused(
      invalidInput('INVALID_THEME_DAY', 'themeDayOfMonth must be 1–28', '主题党日须为每月1至28日', {
        field: 'themeDayOfMonth',
      }),
    );
  }
  const occurrences: PlannedOccurrence[] = [];
  for (const kind of plannedKinds(input, policy)) {
    const info = occurrenceKindInfo(kind, policy);
    const slots = occurrenceSlots(kind, info.frequency, input.year, policy);
    slots.forEach((slot, i) => {
      const day = kind === 'themeDay' ? themeDay : Math.min(info.defaultDay, daysInMonth(input.year, slot.month));
      const plannedDate = iso(input.year, slot.month, day);
      occurrences.push({
        occurrenceId: `${kind}.${input.year}.${i + 1}`,
        kind,
        seq: i + 1,
        periodStart: slot.periodStart,
        periodEnd: slot.periodEnd,
        plannedDate,
        ...scheduleDays(kind, slot, plannedDate, policy),
      });
    });
  }
  occurrences.sort((a, b) =>
    a.plannedDate === b.plannedDate
      ? a.occurrenceId.localeCompare(b.occurrenceId)
      : a.plannedDate < b.plannedDate
        ? -1
        : 1,
  );
  return ruleOk({
    orgId: input.orgId,
    year: input.year,
    orgType: input.orgType,
    themeDayOfMonth: themeDay,
    occurrences,
  });
}

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/**
 * Notice before a meeting — RULES §F: a general meeting (and the meetings held as one) is announced ≥ 3 days before
 * (policy.meetingNotice); 2 days is too short. Null when the notice suffices or the kind needs none.
 */
export function checkNotice(
  kind: OccurrenceKind,
  noticeOn: string,
  meetingDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  const info = occurrenceKindInfo(kind, policy);
  if (!info.notice || info.quorum !== 'generalMeeting') return null;
  const required = daysBetween(meetingDate, addToDate(meetingDate, info.notice));
  const given = daysBetween(noticeOn, meetingDate);
  if (given >= required) return null;
  return violation({
    code: 'MEETING_NOTICE_TOO_SHORT',
    kind: 'rule',
    rule: 'RULES §F',
    message: `${info.name}须提前${required}天通知，${noticeOn}通知、${meetingDate}召开仅提前${given}天`,
    messageEn: `${info.nameEn} needs ${required} days' notice: noticed ${noticeOn} for ${meetingDate} is ${given} days`,
    numbers: { requiredDays: required, givenDays: given, noticeOn, meetingDate },
  });
}

/**
 * Moving an occurrence's planned date (the secretary adjusts the plan) — RULES §F: the date stays inside its period,
 * only an occurrence not yet held or missed moves, and a general meeting moved to a date closer than the notice period
 * from today is refused (the members could not be told in time). A new date that is not YYYY-MM-DD: 400 INVALID_DATE.
 */
export function checkAdjustment(
  occurrence: Pick<PlannedOccurrence, 'occurrenceId' | 'kind' | 'periodStart' | 'periodEnd'>,
  status: OccurrenceStatus,
  newDate: string,
  today: string,
  policy: PolicyTable,
): RuleViolation | null {
  const malformed = isoDateViolation(newDate);
  if (malformed) return malformed;
  if (status === 'held' || status === 'missed') {
    return violation({
      code: 'OCCURRENCE_CLOSED',
      kind: 'conflict',
      rule: 'RULES §F',
      message: `该事项已${status === 'held' ? '召开并记录' : '逾期未开'}，不能调整日期`,
      messageEn: `occurrence ${occurrence.occurrenceId} is already ${status}`,
      numbers: { occurrenceId: occurrence.occurrenceId, status },
    });
  }
  if (newDate < occurrence.periodStart || newDate > occurrence.periodEnd) {
    return violation({
      code: 'OCCURRENCE_OUTSIDE_PERIOD',
      kind: 'rule',
      rule: 'RULES §F',
      message: `调整后的日期${newDate}不在本期${occurrence.periodStart}至${occurrence.periodEnd}之内`,
      messageEn: `${newDate} is outside the period ${occurrence.periodStart}–${occurrence.periodEnd}`,
      numbers: { newDate, periodStart: occurrence.periodStart, periodEnd: occurrence.periodEnd },
    });
  }
  if (newDate < today) {
    return violation({
      code: 'OCCURRENCE_DATE_PAST',
      kind: 'rule',
      rule: 'RULES §F',
      message: `不能把计划日期调整到已过去的${newDate}（今天${today}）`,
      messageEn: `cannot plan for ${newDate}, which is before today (${today})`,
      numbers: { newDate, today },
    });
  }
  return checkNotice(occurrence.kind, today, newDate, policy);
}

/**
 * A year's organizational life is set up for this year or the next one only (RULES §F): the plan, the democratic life
 * meeting. `what` names what is set up, in both languages.
 */
export function checkOrgLifeYearOpen(
  year: number,
  today: string,
  what: { zh: string; en: string },
): RuleViolation | null {
  const thisYear = Number(today.slice(0, 4));
  if (year === thisYear || year === thisYear + 1) return null;
  return violation({
    code: 'ORG_LIFE_YEAR_NOT_OPEN',
    kind: 'rule',
    rule: 'RULES §F',
    message: `只能为本年度（${thisYear}）或下一年度${what.zh}`,
    messageEn: `${what.en} for this year (${thisYear}) or the next one only`,
    numbers: { year, thisYear },
  });
}
