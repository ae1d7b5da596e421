import { violation, type RuleViolation } from '../errors/rule-violation';
import { addToDate, compareInstants } from '../dates/date-math';
import type { Duration, PolicyTable } from '../policy/policy-table';

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

/** Date from which an activist may become a development candidate (≥ 1 year as activist) — RULES §E step 7. */
export function activistEligibleFrom(activistDate: string, policy: PolicyTable): string {
  return addToDate(activistDate, policy.activistMinCultivation);
}

/** A development candidate only after a full year as activist, from the case's recorded dates — RULES §E step 7. */
export function checkActivistPeriod(activistDate: string, onDate: string, policy: PolicyTable): RuleViolation | null {
  const from = activistEligibleFrom(activistDate, policy);
  if (compareInstants(onDate, from) >= 0) return null;
  return violation({
    code: 'ACTIVIST_PERIOD_TOO_SHORT',
    kind: 'rule',
    rule: 'RULES §E step 7',
    message: `确定为入党积极分子（${activistDate}）满一年后（${from}起）方可确定为发展对象，当前${onDate}`,
    messageEn: `step 7 needs a full year as activist from step 3 (${activistDate}): possible from ${from}, now ${onDate}`,
    numbers: { activistDate, eligibleFrom: from, onDate },
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
    const months = (interval.months ?? 0) * k + (interval.years ?? 0) * 12 * k;
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

/** Upper approval of an admission: due 3 months after the branch resolution, never more than 6 — RULES §E step 17. */
export function admissionApprovalLimits(voteDate: string, policy: PolicyTable): { dueDate: string; hardLimit: string } {
  return {
    dueDate: addToDate(voteDate, policy.admissionApprovalDeadline),
    hardLimit: addToDate(voteDate, policy.admissionApprovalMaxDeadline),
  };
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
  const { hardLimit } = admissionApprovalLimits(voteDate, policy);
  if (compareInstants(onDate, hardLimit) <= 0) return null;
  const stepNo = step.slice(1);
  const max = policy.admissionApprovalMaxDeadline;
  const n = (max.years ?? 0) * 12 + (max.months ?? 0);
  return violation({
    code: 'APPROVAL_BEYOND_SIX_MONTHS',
    kind: 'rule',
    rule: `RULES §E step ${stepNo}`,
    message: `支部大会决议（${voteDate}）后上级党委审批不得超过${n}个月（${hardLimit}），当前${onDate}`,
    messageEn: `step ${stepNo} approval must come within ${n} months of the branch resolution (${voteDate}, limit ${hardLimit}); now ${onDate}`,
    numbers: { voteDate, hardLimit, onDate, months: n },
  });
}
