import { invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import { compareInstants, isIsoDate } from './date-math';

// Recorded dates are facts — one rule for every procedure (issue 10): a date a record says something happened on (a
// step done, a member discussion or a meeting held, a vacancy fallen, a transfer taken effect, an application
// received) cannot lie after today on the organization's calendar (`localToday` under the policy's offset, which the
// caller passes in: the API's `todayIso`, a workflow's `workflowToday`). Planned dates (an election date, a shifted
// election, a reply's effective date) may lie ahead and are not checked here.

/** What a recorded date is: where it came from and which step records it. */
export interface RecordedDate {
  /** payload field holding the date, named in a 400 and in the numbers */
  field: string;
  /** the event that happened on the date, for the messages: { zh: '党员酝酿', en: 'the member discussion' } */
  what: { zh: string; en: string };
  /** the rule of the step that records it, e.g. 'RULES §C.1 C4' */
  rule: string;
  /** a procedure's established code for the refusal (kept for its clients); RECORDED_DATE_IN_FUTURE otherwise */
  code?: string;
  /** further numbers the procedure names (its step, the person) */
  numbers?: RuleViolation['numbers'];
}

export const RECORDED_DATE_IN_FUTURE = 'RECORDED_DATE_IN_FUTURE';

/**
 * A recorded date is a real calendar date (else 400 INVALID_DATE naming the field) and not after `today` (else 422
 * naming the rule, the date and today). The date itself is today at the latest: a meeting held this morning counts.
 */
export function checkRecordedDate(value: unknown, today: string, recorded: RecordedDate): RuleViolation | null {
  if (!isIsoDate(value)) {
    return invalidInput(
      'INVALID_DATE',
      `${recorded.field}: the date of ${recorded.what.en} must be YYYY-MM-DD, got ${String(value)}`,
      `${recorded.field}：${recorded.what.zh}日期须为YYYY-MM-DD格式，提交${String(value)}`,
      { field: recorded.field, value: String(value) },
    );
  }
  if (compareInstants(value, today) <= 0) return null;
  return violation({
    code: recorded.code ?? RECORDED_DATE_IN_FUTURE,
    kind: 'rule',
    rule: recorded.rule,
    message: `${recorded.what.zh}日期${value}晚于今天${today}：已发生事项的日期不能晚于今天`,
    messageEn: `${recorded.what.en} is dated ${value}, after today ${today}: a recorded date cannot lie ahead`,
    numbers: { field: recorded.field, date: value, today, ...recorded.numbers },
  });
}
