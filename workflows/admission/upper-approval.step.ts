import { patched } from '@temporalio/workflow';
import {
  checkApprovalDueDate,
  checkApprovalHardLimit,
  checkApprovalTiming,
  checkResolutionCurrent,
  compareInstants,
  resolutionStaleness,
  upperApprovalLimits,
  type Duration,
  type UpperApprovalStep,
} from '../../libs/domain';
import type { AdmissionCase, Dated, PayloadCheck } from './admission-case';
import { given } from './admission-payloads';
import { raiseFlag, watchDeadline } from './compliance.watch';
import { APPROVAL_LIMIT_REVOTE } from './patches';

/**
 * RULES §E step 17 (and 24): party group first in organs (§A.3), then the upper committee; due 3 months with the
 * kernel's escalation. Counted from the branch resolution, approval still missing after 3 months raises
 * approvalBeyondThreeMonths, after the 6-month hard limit approvalBeyondSixMonths with a recorded breach.
 */
export async function upperApproval(
  c: AdmissionCase,
  step: UpperApprovalStep,
  voteDate: string,
  due: Duration,
): Promise<Dated | 'revote' | null> {
  let done = false;
  // RULES §E step 17: the approval (and the party group's decision before it) is checked when given — a reason
  // after 3 months, none at all after 6 (or, when adopted, once the resolution is stale: H-9).
  const timing: PayloadCheck = (payload, outcome) => {
    if (outcome !== 'approve') return null;
    const p = given(`admission:${step}`, payload);
    const on = p.date ?? c.today();
    return (
      checkApprovalTiming(step, voteDate, on, p.lateReason, c.policy) ??
      (step === 'E17' ? checkResolutionCurrent(voteDate, on, c.policy) : null)
    );
  };
  const { dueDate, hardLimit } = upperApprovalLimits(step, voteDate, c.policy);
  const watch = (async () => {
    await watchDeadline(
      c,
      () => done,
      dueDate,
      async () => {
        const v = checkApprovalDueDate(step, voteDate, c.today(), c.policy);
        if (v) await raiseFlag(c, 'approvalBeyondThreeMonths', step, v, `${step}BeyondThreeMonths`);
      },
    );
    await watchDeadline(
      c,
      () => done,
      hardLimit,
      async () => {
        const v = checkApprovalHardLimit(voteDate, c.today(), c.policy, step);
        if (v) await raiseFlag(c, 'approvalBeyondSixMonths', step, v, `${step}BeyondSixMonths`, 'compliance.breach');
      },
    );
  })();
  try {
    for (;;) {
      if (c.org.partyGroupBodyId) {
        const pg = await c.approval(
          `${step}-PG`,
          c.org.partyGroupBodyId,
          '党组研究决定',
          'Party group decision',
          due,
          timing,
        );
        if (pg.outcome === 'reject') return null;
        if (pg.outcome === 'return') {
          if (revoteDue(c, step, voteDate)) return 'revote';
          continue;
        }
      }
      const upper = await c.approval(
        step,
        c.org.upperCommitteeId,
        '上级党委审批',
        'Upper committee approval',
        due,
        timing,
      );
      if (upper.outcome === 'reject') return null;
      if (upper.outcome === 'approve') {
        await recordLateApproval(c, step, voteDate, upper);
        return upper;
      }
      if (revoteDue(c, step, voteDate)) return 'revote';
    }
  } finally {
    done = true;
    await watch;
  }
}

/**
 * RULES §E step 17 "never more than six months" (and, when adopted, the stale-resolution rule of step 15): a case
 * returned once the resolution can no longer be approved goes back to the branch for a new vote.
 */
function revoteDue(c: AdmissionCase, step: UpperApprovalStep, voteDate: string): boolean {
  if (step !== 'E17') return false;
  const today = c.today();
  const beyond = compareInstants(today, upperApprovalLimits(step, voteDate, c.policy).hardLimit) > 0;
  const stale = resolutionStaleness(voteDate, today, c.policy) !== 'current';
  return (beyond || stale) && patched(APPROVAL_LIMIT_REVOTE);
}

/** An approval after the 3-month deadline is recorded with the approver's reason (RULES §E step 17 / 24). */
async function recordLateApproval(c: AdmissionCase, step: UpperApprovalStep, voteDate: string, upper: Dated) {
  const { dueDate } = upperApprovalLimits(step, voteDate, c.policy);
  if (compareInstants(upper.date, dueDate) <= 0) return;
  await c.kernel.record(step, 'approval.late', {
    actorId: upper.actorId,
    comment: given(`admission:${step}`, upper.payload).lateReason ?? null,
    detail: { voteDate, dueDate, approvedOn: upper.date, rule: `RULES §E step ${step.slice(1)}` },
  });
}
