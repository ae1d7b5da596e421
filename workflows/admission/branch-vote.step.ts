import { patched } from '@temporalio/workflow';
import {
  checkBranchVote,
  checkBranchVoteCounts,
  checkPoliticalReviewValid,
  checkProbationExtension,
  checkPublicNotice,
  parseIsoDate,
  practiceTimerOn,
  type BranchVoteResult,
  type WorkingDayCalendar,
} from '../../libs/domain';
import { acts } from '../kernel/activity-proxies';
import type { AdmissionCase, Dated, PayloadCheck } from './admission-case';
import { branchVoteInput, submitted } from './admission-payloads';
import { PUBLIC_NOTICE_IN_WORKFLOW } from './patches';

const NO_CALENDAR: WorkingDayCalendar = { years: [], holidays: [], workdays: [] };

/**
 * The calendar the E15 public-notice check counts on (RULES §E step 13, practice, H-9), or null when the check does not
 * run: the notice is not adopted, or the run reached E15 before the check (patch). A notice in working days reads the
 * working-day calendar (the holiday library and the administrators' overrides) through the activity, for the year
 * before, of and after the step's opening: the notice starts before the meeting, which is never after today.
 */
async function publicNoticeCalendar(c: AdmissionCase): Promise<WorkingDayCalendar | null> {
  if (!practiceTimerOn('publicNotice', c.policy) || !patched(PUBLIC_NOTICE_IN_WORKFLOW)) return null;
  if (c.policy.publicNoticeBasis !== 'workingDays') return NO_CALENDAR;
  const year = parseIsoDate(c.today()).year;
  return acts.loadWorkingDayCalendar({ years: [year - 1, year, year + 1] });
}

/** Branch general meeting vote (RULES §E step 15; step 23 uses the same rules and adds the resolution). */
export async function branchVote(
  c: AdmissionCase,
  step: 'E15' | 'E23',
  title: string,
  titleEn: string,
  extensions = 0,
): Promise<{ decision: Dated; result: BranchVoteResult }> {
  const noticeCalendar = step === 'E15' ? await publicNoticeCalendar(c) : null;
  // the payload's shape is its step's schema (counts as integers ≥ 0, a resolution, real dates): checked by the kernel
  const validate: PayloadCheck = (payload) => {
    const p = submitted(`admission:${step}`, payload);
    const malformed = checkBranchVoteCounts(branchVoteInput(p));
    if (malformed) return malformed;
    if (step === 'E15') {
      // RULES §E step 10 (practice, H-9): when adopted, the review conclusion is valid 12 months at the vote
      const on = p.meetingDate ?? c.today();
      const review = c.dates.politicalReview ? checkPoliticalReviewValid(c.dates.politicalReview, on, c.policy) : null;
      // RULES §E step 13 (practice, H-9): when adopted, the meeting comes after the public notice has run its length
      if (review || !noticeCalendar) return review;
      const notice = submitted('admission:E15', payload).publicNoticeStartDate ?? null;
      return checkPublicNotice(notice, on, c.policy, noticeCalendar);
    }
    const e23 = submitted('admission:E23', payload);
    return e23.resolution === 'extend' ? checkProbationExtension(e23.extensionMonths!, extensions, c.policy) : null;
  };
  const decision = await c.ask({
    step,
    kind: 'input',
    title: `${title}：${c.input.personName}`,
    titleEn: `${titleEn}: ${c.input.personName}`,
    assignedBodyId: c.org.orgId,
    validatePayload: validate,
  });
  const counts = branchVoteInput(submitted(`admission:${step}`, decision.payload));
  const result = checkBranchVote(counts, c.policy);
  c.kernel.data[step === 'E15' ? 'admissionVote' : 'conversionVote'] = {
    ...counts,
    passed: result.passed,
    requiredPresent: result.requiredPresent,
    requiredFor: result.requiredFor,
    totalFor: result.totalFor,
    exactlyHalfUsed: result.exactlyHalfUsed, // RULES H-2: a toggle that decided the vote is on the record
  };
  await c.kernel.record(step, 'branchVote.counted', {
    actorId: decision.actorId,
    outcome: result.passed ? 'passed' : 'notPassed',
    comment: result.explanation,
    detail: {
      rule: 'RULES §E step 15',
      requiredPresent: result.requiredPresent,
      requiredFor: result.requiredFor,
      totalFor: result.totalFor,
      meetingDate: decision.date,
      ...(result.exactlyHalfUsed ? { exactlyHalfUsed: true, toggle: 'branchVoteAllowExactlyHalf' } : {}),
    },
  });
  if (!result.quorumMet) {
    // The meeting could not vote: recorded, and the step is held again (RULES §E step 15 quorum).
    await c.kernel.record(step, 'meeting.inquorate', {
      actorId: decision.actorId,
      comment: result.explanation,
      detail: {
        rule: 'RULES §E step 15',
        meetingDate: decision.date,
        entitled: counts.entitled,
        present: counts.present,
        requiredPresent: result.requiredPresent,
      },
    });
  }
  return { decision, result };
}
