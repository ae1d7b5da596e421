import {
  checkBranchVote,
  checkBranchVoteCounts,
  checkPoliticalReviewValid,
  checkProbationExtension,
  type BranchVoteResult,
} from '../../libs/domain';
import type { AdmissionCase, Dated } from './admission-case';
import { invalidPayload, voteCounts, type Validator } from './admission-payloads';

/** Branch general meeting vote (RULES §E step 15; step 23 uses the same rules and adds the resolution). */
export async function branchVote(
  c: AdmissionCase,
  step: 'E15' | 'E23',
  title: string,
  titleEn: string,
  extensions = 0,
): Promise<{ decision: Dated; result: BranchVoteResult }> {
  const validate: Validator = (p) => {
    const counts = voteCounts(p);
    if (!counts) return invalidPayload('entitled, present, forVotes (integers)', 'RULES §E step 15');
    const malformed = checkBranchVoteCounts(counts);
    if (malformed) return malformed;
    if (step === 'E15') {
      // RULES §E step 10 (practice, H-9): when adopted, the review conclusion is valid 12 months at the vote
      const on = typeof p?.meetingDate === 'string' ? p.meetingDate : c.today();
      return c.dates.politicalReview ? checkPoliticalReviewValid(c.dates.politicalReview, on, c.policy) : null;
    }
    const resolution = p?.resolution;
    if (resolution !== 'full' && resolution !== 'extend' && resolution !== 'cancel') {
      return invalidPayload('resolution (full | extend | cancel)', 'RULES §E step 23');
    }
    return resolution === 'extend' ? checkProbationExtension(Number(p?.extensionMonths), extensions, c.policy) : null;
  };
  const decision = await c.ask({
    step,
    kind: 'input',
    title: `${title}：${c.input.personName}`,
    titleEn: `${titleEn}: ${c.input.personName}`,
    assignedBodyId: c.org.orgId,
    validatePayload: validate,
  });
  const result = checkBranchVote(voteCounts(decision.payload ?? undefined)!, c.policy);
  c.kernel.state.data[step === 'E15' ? 'admissionVote' : 'conversionVote'] = {
    ...voteCounts(decision.payload ?? undefined),
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
        entitled: voteCounts(decision.payload ?? undefined)!.entitled,
        present: voteCounts(decision.payload ?? undefined)!.present,
        requiredPresent: result.requiredPresent,
      },
    });
  }
  return { decision, result };
}
