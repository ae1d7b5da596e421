import { violation, type RuleViolation } from '../errors/rule-violation';
import { addToDate, checkDateField, compareInstants, durationMonths } from '../dates/date-math';
import type { Duration, PolicyTable } from '../policy/policy-table';
import { periodCompleteOn, periodEnd } from '../dates/period';
import { upperApprovalLimits } from './compliance.rules';

// Pure rules of the member-development procedure (RULES §E) used by the admission workflow and its validators.

/** 1–2 distinct cultivation contacts (培养联系人) — RULES §E step 5, §G CULTIVATION_CONTACTS, H-21. */
export function checkCultivationContacts(contactIds: unknown, policy: PolicyTable): RuleViolation | null {
  const ids = Array.isArray(contactIds) ? contactIds : [];
  const valid = ids.every((id) => typeof id === 'string' && id.length > 0) && new Set(ids).size === ids.length;
  const n = ids.length;
  if (valid && n >= policy.cultivationContactsMin && n <= policy.cultivationContactsMax) return null;
  return violation({
    code: 'CULTIVATION_CONTACTS',
    kind: 'rule',
    rule: 'RULES §E step 5',
    message: `须指定${policy.cultivationContactsMin}至${policy.cultivationContactsMax}名不同的正式党员为培养联系人，提交${n}名`,
    messageEn: `assign ${policy.cultivationContactsMin}–${policy.cultivationContactsMax} distinct cultivation contacts, got ${n}`,
    numbers: { count: n, min: policy.cultivationContactsMin, max: policy.cultivationContactsMax },
  });
}

/** A policy period in words, e.g. { years: 1 } → 1年 / 1 year, { months: 6 } → 6个月 / 6 months. */
export function durationText(d: Duration): { zh: string; en: string } {
  const parts: { zh: string; en: string }[] = [];
  const add = (n: number | undefined, zh: string, en: string) => {
    if (n) parts.push({ zh: `${n}${zh}`, en: `${n} ${en}${n === 1 ? '' : 's'}` });
  };
  add(d.years, '年', 'year');
  add(d.months, '个月', 'month');
  add(d.days, '天', 'day');
  if (parts.length === 0) return { zh: '0天', en: '0 days' };
  return { zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join(' ') };
}

/** Date from which an activist may become a development candidate (≥ 1 year as activist) — RULES §E step 7. */
export function activistEligibleFrom(activistDate: string, policy: PolicyTable): string {
  return periodCompleteOn(activistDate, policy.activistMinCultivation, policy);
}

/**
 * A development candidate only after the policy's cultivation period (`activistMinCultivation`, one year) as
 * activist, from the case's recorded dates — RULES §E step 7.
 */
export function checkActivistPeriod(activistDate: string, onDate: string, policy: PolicyTable): RuleViolation | null {
  const from = activistEligibleFrom(activistDate, policy);
  if (compareInstants(onDate, from) >= 0) return null;
  const period = durationText(policy.activistMinCultivation);
  return violation({
    code: 'ACTIVIST_PERIOD_TOO_SHORT',
    kind: 'rule',
    rule: 'RULES §E step 7',
    message: `确定为入党积极分子（${activistDate}）满${period.zh}后（${from}起）方可确定为发展对象，当前${onDate}`,
    messageEn: `step 7 needs ${period.en} as activist from step 3 (${activistDate}): possible from ${from}, now ${onDate}`,
    numbers: { activistDate, eligibleFrom: from, onDate, period: period.en },
  });
}

export interface IntroducerEntry {
  personId: string;
  consent: boolean;
}

/** Two distinct consenting introducers (入党介绍人) — RULES §E step 9, §G INTRODUCERS. Full-member status is the registry's. */
export function checkIntroducers(entries: unknown, candidateId: string, policy: PolicyTable): RuleViolation | null {
  const list = Array.isArray(entries) ? (entries as Partial<IntroducerEntry>[]) : [];
  const ids = list.map((e) => e?.personId);
  const wellFormed = ids.every((id) => typeof id === 'string' && id.length > 0 && id !== candidateId);
  const distinct = new Set(ids).size === ids.length;
  const consenting = list.filter((e) => e?.consent === true).length;
  if (wellFormed && distinct && list.length === policy.introducers && consenting === policy.introducers) return null;
  return violation({
    code: 'INTRODUCERS',
    kind: 'rule',
    rule: 'RULES §E step 9',
    message: `须有${policy.introducers}名不同的正式党员作入党介绍人并均表示同意，提交${list.length}名、同意${consenting}名`,
    messageEn: `step 9 needs ${policy.introducers} distinct consenting introducers, got ${list.length} (${consenting} consenting)`,
    numbers: { count: list.length, consenting, required: policy.introducers },
  });
}

/** Intensive training of at least 3 days or 24 class hours — RULES §E step 11 (细则 Art. 17). */
export function checkIntensiveTraining(
  training: { days?: number; hours?: number },
  policy: PolicyTable,
): RuleViolation | null {
  const days = typeof training.days === 'number' && training.days >= 0 ? training.days : 0;
  const hours = typeof training.hours === 'number' && training.hours >= 0 ? training.hours : 0;
  if (days >= policy.trainingMinDays || hours >= policy.trainingMinClassHours) return null;
  return violation({
    code: 'TRAINING_TOO_SHORT',
    kind: 'rule',
    rule: 'RULES §E step 11',
    message: `集中培训须不少于${policy.trainingMinDays}天或${policy.trainingMinClassHours}学时，实际${days}天、${hours}学时`,
    messageEn: `step 11 training needs ≥ ${policy.trainingMinDays} days or ≥ ${policy.trainingMinClassHours} class hours, got ${days} days / ${hours} hours`,
    numbers: { days, hours, minDays: policy.trainingMinDays, minHours: policy.trainingMinClassHours },
  });
}

/** True when a policy period has no length (drill profile, RULES §G: zero waiting periods). */
export function isZeroDuration(d: Duration): boolean {
  return Object.values(d).every((v) => v === undefined || v === 0);
}

/**
 * Periodic assessment dates (every `interval` from `start`, up to and including `end`) — RULES §E steps 6 and 21
 * (activist assessment every 6 months; probation assessed on the same interval, our policy). A zero interval (drill
 * profile) yields no periodic dates at all: nothing is "every 0 days".
 */
export function assessmentDates(start: string, end: string, interval: Duration): string[] {
  const out: string[] = [];
  if (isZeroDuration(interval)) return out;
  for (let k = 1; k < 100; k += 1) {
    const months = durationMonths(interval) * k;
    const at = addToDate(start, { months, days: (interval.days ?? 0) * k });
    if (compareInstants(at, end) > 0) break;
    out.push(at);
  }
  return out;
}

/**
 * The next activist assessment after `last` — RULES §E step 6. Cultivation always has at least one assessment before
 * step 7: with a zero interval (drill profile) it is due at once, so a drill still walks through step 6 exactly once
 * per round of cultivation.
 */
export function nextAssessmentDate(last: string, interval: Duration): string {
  return isZeroDuration(interval) ? last : addToDate(last, interval);
}

/**
 * The six-month hard limit of step 17 is breached when approval comes (or is still missing) after it. Step 24 is
 * measured against the same limit (see `upperApprovalLimits`).
 */
export function checkApprovalHardLimit(
  voteDate: string,
  onDate: string,
  policy: PolicyTable,
  step: 'E17' | 'E24' = 'E17',
): RuleViolation | null {
  const { hardLimit } = upperApprovalLimits(step, voteDate, policy);
  if (compareInstants(onDate, hardLimit) <= 0) return null;
  const stepNo = step.slice(1);
  const max = policy.admissionApprovalMaxDeadline;
  const n = durationMonths(max);
  return violation({
    code: 'APPROVAL_BEYOND_SIX_MONTHS',
    kind: 'rule',
    rule: `RULES §E step ${stepNo}`,
    message: `支部大会决议（${voteDate}）后上级党委审批不得超过${n}个月（${hardLimit}），当前${onDate}`,
    messageEn: `step ${stepNo} approval must come within ${n} months of the branch resolution (${voteDate}, limit ${hardLimit}); now ${onDate}`,
    numbers: { voteDate, hardLimit, onDate, months: n },
  });
}

/**
 * Quarterly thought reports during cultivation (RULES §E step 6, practice; policy `activistReportInterval`): the report
 * due dates strictly between one assessment (`from`) and the next (`until`). A zero interval yields none.
 */
export function thoughtReportDates(from: string, until: string, interval: Duration): string[] {
  return assessmentDates(from, until, interval).filter((d) => compareInstants(d, until) < 0);
}

/**
 * Step 13: a candidate who will leave their work or study unit within `leavingUnitBlock` (3 months) of the
 * pre-review is generally not admitted (细则 Art. 19) — the upper committee cannot approve the pre-review then.
 */
export function checkLeavingUnit(expectedLeaveDate: string, onDate: string, policy: PolicyTable): RuleViolation | null {
  const malformed = checkDateField('expectedLeaveDate', expectedLeaveDate) ?? checkDateField('date', onDate);
  if (malformed) return malformed;
  const until = periodEnd(onDate, policy.leavingUnitBlock, policy);
  if (compareInstants(expectedLeaveDate, until) > 0) return null;
  const block = durationText(policy.leavingUnitBlock);
  return violation({
    code: 'LEAVING_UNIT_WITHIN_BLOCK',
    kind: 'rule',
    rule: 'RULES §E step 13',
    message: `发展对象将于${expectedLeaveDate}离开工作、学习单位，在预审日${onDate}后${block.zh}内（${until}前），一般不办理接收`,
    messageEn: `step 13: the candidate leaves the unit on ${expectedLeaveDate}, within ${block.en} of the pre-review on ${onDate} (until ${until}); admission is not processed`,
    numbers: { expectedLeaveDate, onDate, blockedUntil: until, months: durationMonths(policy.leavingUnitBlock) },
  });
}

/**
 * Step 10 failed: the case records only this neutral reason; the reviewer's text stays in the restricted step-10
 * record (RULES §E step 10, H-15).
 */
export function politicalReviewNotPassed(): RuleViolation {
  return violation({
    code: 'POLITICAL_REVIEW_FAILED',
    kind: 'rule',
    rule: 'RULES §E step 10',
    message: '政治审查未通过，本轮不能发展（审查意见限阅）',
    messageEn: 'the political review was not passed; this round cannot admit (the review text is restricted)',
    numbers: { step: 10 },
  });
}

/**
 * From the step-15 branch general meeting on, the submitter can no longer withdraw the case: only an administrator's
 * cancellation with a reason may end it (RULES §E steps 15–24: the branch resolution stands until decided above).
 */
export function checkAdmissionWithdraw(stage: string): RuleViolation | null {
  const step = Number(/^E(\d+)/.exec(stage)?.[1] ?? NaN);
  if (!(step >= 15)) return null;
  return violation({
    code: 'WITHDRAW_AFTER_BRANCH_VOTE',
    kind: 'conflict',
    rule: 'RULES §E step 15',
    message: `发展党员事项已进入第15步支部大会讨论（当前第${step}步），提交人不能撤回，只能由管理员说明理由后取消`,
    messageEn: `the case reached the step-15 branch general meeting (now step ${step}); the submitter cannot withdraw it, only an administrator may cancel it with a reason`,
    numbers: { step, fromStep: 15 },
  });
}
