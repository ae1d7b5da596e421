import { checkLeavingUnit } from '../../libs/domain';
import type { AdmissionCase } from './admission-case';
import { given } from './admission-payloads';

/**
 * Steps 12–13: branch committee review, then the upper committee's pre-review. Returns null once the pre-review
 * passes, or the step-12 date when the branch finds the candidate unqualified (back to cultivation). A failed or
 * returned pre-review goes back to the branch (step 12); approval is refused when the candidate leaves the unit
 * within `leavingUnitBlock` (RULES §E step 13).
 */
export async function branchReview(c: AdmissionCase): Promise<string | null> {
  for (;;) {
    const review = await c.approval('E12', c.org.orgId, '支部委员会审查', 'Branch committee review');
    if (review.outcome === 'return') continue;
    if (review.outcome === 'reject') {
      await c.kernel.record('E12', 'candidate.backToCultivation', {
        actorId: review.actorId,
        detail: { date: review.date, rule: 'RULES §E step 12' },
      });
      return review.date;
    }
    const pre = await c.approval(
      'E13',
      c.org.upperCommitteeId,
      '上级党委预审',
      'Upper committee pre-review',
      c.practiceDue('preReviewDeadline'),
      (p, outcome) => checkLeaving(c, p, outcome),
    );
    if (pre.outcome === 'approve') return null;
    await c.kernel.record('E13', 'preReview.backToBranch', {
      actorId: pre.actorId,
      outcome: pre.outcome,
      detail: { rule: 'RULES §E step 13' },
    });
  }
}

/** RULES §E step 13: an approving pre-review with `expectedLeaveDate` within the block is refused (422). */
function checkLeaving(c: AdmissionCase, payload: Record<string, unknown> | undefined, outcome: string) {
  const p = given('admission:E13', payload);
  if (p.expectedLeaveDate === undefined || outcome !== 'approve') return null;
  return checkLeavingUnit(p.expectedLeaveDate, p.date ?? c.today(), c.policy);
}
