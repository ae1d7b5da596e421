import { violation, invalidInput, type RuleViolation } from '../errors/rule-violation';
import { compareInstants, isIsoDate } from '../dates/date-math';
import type { PolicyTable } from '../policy/policy-table';
import { checkRecordedDate } from '../dates/recorded-date.rules';
import { checkActivistPeriod } from './admission.rules';
import { checkApplicationToActivist } from './practice.rules';

// Dates of the steps of a development case (RULES §E key dates): each step may say on which day it happened, and
// the dates must run forward through the 25 steps. Issue 4: "Date constraints across steps are validated in
// libs/domain with the step numbers in the error".

/**
 * Payload field carrying the date a step happened (YYYY-MM-DD, local calendar). Convention: steps whose record names
 * a dated event use `<event>Date` (below); every other step — approvals, filings and the remaining inputs — uses
 * `date` (the day the body decided or the work was done). Without the field, the decision's own (local) date counts.
 */
export const ADMISSION_STEP_DATE_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  E2: 'talkDate', // talk with the applicant
  E6: 'assessmentDate', // half-yearly activist assessment
  E10: 'reviewDate', // political review conclusion
  E11: 'trainingEndDate', // intensive training completed (trainingStartDate optional)
  E15: 'meetingDate', // branch general meeting (admission date: probation starts here)
  E16: 'talkDate', // talk by the upper committee
  E20: 'oathDate', // oath
  E21: 'assessmentDate', // probation assessment
  E22: 'applicationDate', // application for full membership
  E23: 'meetingDate', // branch general meeting on full membership
  E25: 'archiveDate', // archived
});

/** The payload field holding the date of `step` ('E17-PG' uses the field of 'E17'). */
export function stepDateField(step: string): string {
  return ADMISSION_STEP_DATE_FIELDS[baseStep(step)] ?? 'date';
}

/** A dated entry of the case's record: a step ('E13', 'E17-PG'), 'transfer', or the application ('E1'). */
export interface StepDateRef {
  step: string;
  date: string;
}

function baseStep(step: string): string {
  return /^E\d+/.exec(step)?.[0] ?? step;
}

function labels(step: string): { zh: string; en: string } {
  const n = /^E(\d+)/.exec(step)?.[1];
  if (!n) return step === 'transfer' ? { zh: '组织关系转接', en: 'the transfer' } : { zh: step, en: step };
  const pg = step.endsWith('-PG');
  return { zh: `第${n}步${pg ? '（党组）' : ''}`, en: `step ${n}${pg ? ' (party group)' : ''}` };
}

/**
 * The date given for a step (`value`, from the payload field `field`) is a real date, not after today (local
 * calendar) and not before the latest date the case recorded before it — RULES §E key dates. Absent → null (the
 * decision date is used).
 */
export function checkStepDate(
  step: string,
  field: string,
  value: unknown,
  today: string,
  previous: StepDateRef | null,
): RuleViolation | null {
  if (value === undefined || value === null) return null;
  const self = labels(step);
  if (!isIsoDate(value)) {
    return invalidInput(
      'STEP_DATE_INVALID',
      `${field}: ${self.en} date must be a date YYYY-MM-DD, got ${String(value)}`,
      `${field}：${self.zh}日期须为YYYY-MM-DD格式，提交${String(value)}`,
      { field, value: String(value) },
    );
  }
  // recorded dates are facts: not after today (one rule for every procedure)
  const future = checkRecordedDate(value, today, {
    field,
    what: self,
    rule: 'RULES §E key dates',
    code: 'STEP_DATE_IN_FUTURE',
    numbers: { step: baseStep(step) },
  });
  if (future) return future;
  if (previous && compareInstants(value, previous.date) < 0) {
    const prev = labels(previous.step);
    return violation({
      code: 'STEP_DATE_BEFORE_PREVIOUS',
      kind: 'rule',
      rule: 'RULES §E key dates',
      message: `${self.zh}日期${value}早于${prev.zh}日期${previous.date}`,
      messageEn: `${self.en} date ${value} is before ${prev.en} date ${previous.date}`,
      numbers: { step: baseStep(step), field, date: value, previousStep: previous.step, previousDate: previous.date },
    });
  }
  return null;
}

/** Intensive training (step 11): a start date, when given, is not after the end date. */
export function checkTrainingDates(startDate: string, endDate: string): RuleViolation | null {
  if (compareInstants(startDate, endDate) <= 0) return null;
  return violation({
    code: 'TRAINING_DATES_REVERSED',
    kind: 'rule',
    rule: 'RULES §E step 11',
    message: `第11步集中培训开始日期${startDate}晚于结束日期${endDate}`,
    messageEn: `step 11 training start date ${startDate} is after its end date ${endDate}`,
    numbers: { trainingStartDate: startDate, trainingEndDate: endDate },
  });
}

/** The latest dated entry (the later one of equal dates), or null for an empty record. */
export function latestStepDate(entries: readonly StepDateRef[]): StepDateRef | null {
  let last: StepDateRef | null = null;
  for (const e of entries) if (!last || compareInstants(e.date, last.date) >= 0) last = e;
  return last;
}

/** Recorded dates of a case the minimum periods are measured from (RULES §E key dates). */
export interface MinimumPeriodDates {
  application?: string;
  activist?: string;
  /** probation end plus any transfer postponement: the full-membership discussion is due from here */
  discussionFrom?: string | null;
  probationEnd?: string;
}

/**
 * A back-dated step date may not defeat a minimum period — RULES §E steps 3, 7–8 and 21–23: an activist date at
 * least `applicationToActivistMin` after the application when adopted (H-9); a candidate date (steps 7 and 8) a full
 * `activistMinCultivation` after the activist date; the full-membership application (step 22) not before the
 * probation end and its meeting (step 23) not before the probation end plus postponement. Null for other steps.
 */
export function checkStepMinimumPeriod(
  step: string,
  date: string,
  dates: MinimumPeriodDates,
  policy: PolicyTable,
): RuleViolation | null {
  const base = /^E\d+/.exec(step)?.[0] ?? step;
  if (base === 'E3' && dates.application) return checkApplicationToActivist(dates.application, date, policy);
  if ((base === 'E7' || base === 'E8') && dates.activist) {
    const v = checkActivistPeriod(dates.activist, date, policy);
    return v ? violation({ ...v, numbers: { ...v.numbers, step: base } }) : null;
  }
  const until =
    base === 'E22' ? dates.probationEnd : base === 'E23' ? (dates.discussionFrom ?? dates.probationEnd) : null;
  if (!until || compareInstants(date, until) >= 0) return null;
  const n = base.slice(1);
  return violation({
    code: 'STEP_BEFORE_PROBATION_END',
    kind: 'rule',
    rule: `RULES §E step ${n}`,
    message: `第${n}步日期${date}早于预备期届满（可讨论）日${until}`,
    messageEn: `step ${n} date ${date} is before the probation end (discussion due from ${until})`,
    numbers: { step: base, date, probationEnd: dates.probationEnd ?? until, discussionFrom: until },
  });
}
