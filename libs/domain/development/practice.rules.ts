import { ruleOk, ruleRefused, violation, type RuleResult, type RuleViolation } from '../errors/rule-violation';
import { checkDateField, compareInstants, isoDateViolation } from '../dates/date-math';
import { periodCompleteOn, periodEnd } from '../dates/period';
import type { Duration, PolicyTable } from '../policy/policy-table';
import { addWorkingDays, type WorkingDayCalendar } from '../calendar/working-days';
import { durationText } from './admission.rules';

// Practice timers of member development (RULES §0.3 item 4, H-9): local rules shipped as a policy pack, each off
// unless the organization adopts it, one switch each in the policy table.

export type PracticeTimer =
  | 'applicationToActivist'
  | 'contactAssignDeadline'
  | 'politicalReviewDeadline'
  | 'politicalReviewValidity'
  | 'preReviewDeadline'
  | 'publicNotice'
  | 'resolutionStale'
  | 'conversionMeetingDeadline';

const SWITCHES: Record<PracticeTimer, keyof PolicyTable> = {
  applicationToActivist: 'applicationToActivistMinEnabled',
  contactAssignDeadline: 'contactAssignDeadlineEnabled',
  politicalReviewDeadline: 'politicalReviewDeadlineEnabled',
  politicalReviewValidity: 'politicalReviewValidityEnabled',
  preReviewDeadline: 'preReviewDeadlineEnabled',
  publicNotice: 'publicNoticeEnabled',
  resolutionStale: 'resolutionStaleEnabled',
  conversionMeetingDeadline: 'conversionMeetingDeadlineEnabled',
};

/** Whether a practice timer is adopted by the policy — RULES H-9 (off by default in every published version). */
export function practiceTimerOn(timer: PracticeTimer, policy: PolicyTable): boolean {
  return policy[SWITCHES[timer]] === true;
}

/** The task deadline of a practice step, or null when its timer is not adopted (RULES H-9). */
export function practiceDeadline(
  timer: 'contactAssignDeadline' | 'politicalReviewDeadline' | 'preReviewDeadline',
  policy: PolicyTable,
): Duration | null {
  return practiceTimerOn(timer, policy) ? policy[timer] : null;
}

/**
 * RULES §E step 3 (practice, H-9): the application is at least `applicationToActivistMin` (6 months) old when the
 * branch selects the activist. Null when the switch is off.
 */
export function checkApplicationToActivist(
  applicationDate: string,
  activistDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  if (!practiceTimerOn('applicationToActivist', policy)) return null;
  const from = periodCompleteOn(applicationDate, policy.applicationToActivistMin, policy);
  if (compareInstants(activistDate, from) >= 0) return null;
  const t = durationText(policy.applicationToActivistMin);
  return violation({
    code: 'APPLICATION_TOO_RECENT_FOR_ACTIVIST',
    kind: 'rule',
    rule: 'RULES §E step 3 (H-9)',
    message: `递交入党申请（${applicationDate}）满${t.zh}后（${from}起）方可确定为入党积极分子，提交日期${activistDate}`,
    messageEn: `an activist is selected ${t.en} after the application (${applicationDate}): from ${from}, given ${activistDate}`,
    numbers: { applicationDate, eligibleFrom: from, activistDate, period: t.en },
  });
}

/**
 * RULES §E step 10 (practice, H-9): the political review's conclusion is valid `politicalReviewValidity` (12 months);
 * an admission vote (step 15) after that needs a new review. Null when the switch is off.
 */
export function checkPoliticalReviewValid(
  reviewDate: string,
  onDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  if (!practiceTimerOn('politicalReviewValidity', policy)) return null;
  const until = periodEnd(reviewDate, policy.politicalReviewValidity, policy);
  if (compareInstants(onDate, until) <= 0) return null;
  const t = durationText(policy.politicalReviewValidity);
  return violation({
    code: 'POLITICAL_REVIEW_EXPIRED',
    kind: 'rule',
    rule: 'RULES §E step 10 (H-9)',
    message: `政治审查结论（${reviewDate}）有效期${t.zh}，至${until}止，${onDate}已失效，须重新审查`,
    messageEn: `the political review of ${reviewDate} is valid ${t.en}, until ${until}; on ${onDate} it has expired`,
    numbers: { reviewDate, validUntil: until, onDate, period: t.en },
  });
}

/**
 * Last day of a public notice (公示) starting on `startDate` — RULES §E step 13 (practice): 5 working days (statutory
 * holidays skipped, 调休 make-up workdays counted) or 7 calendar days by `publicNoticeBasis`. The notice day itself
 * counts when it is a working day.
 */
export function publicNoticeEnd(
  startDate: string,
  policy: PolicyTable,
  calendar: WorkingDayCalendar,
): RuleResult<string> {
  if (policy.publicNoticeBasis === 'calendarDays') {
    const malformed = isoDateViolation(startDate);
    if (malformed) return ruleRefused(malformed);
    return ruleOk(periodEnd(startDate, { days: policy.publicNoticeCalendarDays - 1 }, { periodEndMinusOneDay: false }));
  }
  return addWorkingDays(startDate, policy.publicNoticeWorkingDays, calendar, { countStart: true });
}

/**
 * Admission (step 15) only after the public notice has run its full length: the meeting is on a day after the
 * notice's last day. Null when the switch is off; a missing notice start is refused while it is on. Never throws: a
 * malformed date or a year the working-day calendar does not know is returned as its violation (the API edge and the
 * E15 workflow validator call it alike).
 */
export function checkPublicNotice(
  noticeStart: string | null,
  meetingDate: string,
  policy: PolicyTable,
  calendar: WorkingDayCalendar,
): RuleViolation | null {
  if (!practiceTimerOn('publicNotice', policy)) return null;
  const basis =
    policy.publicNoticeBasis === 'workingDays'
      ? { zh: `${policy.publicNoticeWorkingDays}个工作日`, en: `${policy.publicNoticeWorkingDays} working days` }
      : { zh: `${policy.publicNoticeCalendarDays}天`, en: `${policy.publicNoticeCalendarDays} days` };
  if (noticeStart === null) {
    return violation({
      code: 'PUBLIC_NOTICE_MISSING',
      kind: 'rule',
      rule: 'RULES §E step 13 (H-9)',
      message: `接收预备党员前须公示${basis.zh}，未记录公示开始日期`,
      messageEn: `admission needs a public notice of ${basis.en} first; no notice start date recorded`,
      numbers: { basis: policy.publicNoticeBasis, meetingDate },
    });
  }
  const malformed = checkDateField('publicNoticeStartDate', noticeStart) ?? checkDateField('meetingDate', meetingDate);
  if (malformed) return malformed;
  // a count through a year the working-day calendar does not know: answered with the rule (RULES §0.2)
  const counted = publicNoticeEnd(noticeStart, policy, calendar);
  if (!counted.ok) return counted.violation;
  const end = counted.value;
  if (compareInstants(meetingDate, end) > 0) return null;
  return violation({
    code: 'PUBLIC_NOTICE_NOT_ENDED',
    kind: 'rule',
    rule: 'RULES §E step 13 (H-9)',
    message: `公示自${noticeStart}起${basis.zh}，至${end}结束，支部大会须在其后召开，提交${meetingDate}`,
    messageEn: `the public notice from ${noticeStart} runs ${basis.en} until ${end}; the meeting (${meetingDate}) must come after`,
    numbers: { noticeStart, noticeEnd: end, meetingDate, basis: policy.publicNoticeBasis },
  });
}

export type ResolutionStaleness = 'current' | 'rediscuss' | 'redo';

/**
 * RULES §E step 15 (practice, county rule): a branch resolution not sent up within `resolutionStaleRediscuss`
 * (3 months) is discussed again; after `resolutionStaleRedo` (6 months) the admission is redone. 'current' while
 * the switch is off.
 */
export function resolutionStaleness(voteDate: string, onDate: string, policy: PolicyTable): ResolutionStaleness {
  if (!practiceTimerOn('resolutionStale', policy)) return 'current';
  if (compareInstants(onDate, periodEnd(voteDate, policy.resolutionStaleRedo, policy)) > 0) return 'redo';
  if (compareInstants(onDate, periodEnd(voteDate, policy.resolutionStaleRediscuss, policy)) > 0) return 'rediscuss';
  return 'current';
}

export function checkResolutionCurrent(voteDate: string, onDate: string, policy: PolicyTable): RuleViolation | null {
  const state = resolutionStaleness(voteDate, onDate, policy);
  if (state === 'current') return null;
  const period = durationText(state === 'redo' ? policy.resolutionStaleRedo : policy.resolutionStaleRediscuss);
  return violation({
    code: state === 'redo' ? 'RESOLUTION_STALE_REDO' : 'RESOLUTION_STALE_REDISCUSS',
    kind: 'rule',
    rule: 'RULES §E step 15 (H-9)',
    message:
      state === 'redo'
        ? `支部大会决议（${voteDate}）超过${period.zh}未报上级，须重新履行接收手续`
        : `支部大会决议（${voteDate}）超过${period.zh}未报上级，须重新讨论`,
    messageEn: `the branch resolution of ${voteDate} was not sent up within ${period.en}: ${state === 'redo' ? 'redo the admission' : 'discuss it again'} (now ${onDate})`,
    numbers: { voteDate, onDate, state, period: period.en },
  });
}
