import { condition, patched, setHandler } from '@temporalio/workflow';
import { lapseLevelSignal } from '../../libs/contracts/orglife.contract';
import type { CaseState, LapseCaseData, LapseCaseInput } from '../../libs/contracts';
import {
  checkBranchVote,
  checkRemovalMeetingDate,
  lapseGroundsText,
  localDate,
  type PolicyTable,
  type RuleViolation,
} from '../../libs/domain';
import { CaseKernel } from '../kernel/case-kernel';
import { workflowToday } from '../kernel/local-calendar';
import { orgLifeActs } from './orglife-activities';
import { LAPSE_POLICY_DEADLINES } from './patches';

type Level = LapseCaseInput['level'];

/**
 * Lapse watch case of one member (RULES §F, 党章 Art. 9), id lapse:<orgId>:<personId>: absent without good reason
 * for 3 consecutive months, or dues unpaid for 3 months (the registry's fact) → the secretary talks with the member
 * (L1, an input task); back at organizational life and paid up (the monthly watch says none) → the case completes;
 * 6 months → flagged, and removal (除名) is decided by the branch general meeting (L2, the §E step-15 vote rule) and
 * approved by the upper organization (L3), which ends the membership in the registry.
 */
export async function lapseCaseWorkflow(input: LapseCaseInput): Promise<CaseState> {
  const kernel = new CaseKernel<LapseCaseData>({
    caseId: input.caseId,
    procedure: 'lapse',
    orgId: input.orgId,
    orgPath: input.orgPath,
    title: `组织生活缺席预警：${input.personName}`,
    submittedBy: 'system',
    submittedAt: input.submittedAt,
    policyVersion: input.policyVersion,
    stage: input.level === 'flagged' ? 'L2' : 'L1',
  });
  const policy = kernel.policy;
  let level: Level = input.level;
  let months = input.consecutiveMonths;
  let reasons = input.reasons;
  let duesMonths = input.duesUnpaidMonths ?? 0;
  kernel.data.personId = input.personId;
  kernel.data.level = level;
  kernel.data.consecutiveMonths = months;
  kernel.data.sinceMonth = input.sinceMonth;
  if (reasons) kernel.data.reasons = reasons;
  if (duesMonths) kernel.data.duesUnpaidMonths = duesMonths;
  const grounds = () => lapseGroundsText(reasons, months, duesMonths);
  setHandler(lapseLevelSignal, (s) => {
    level = s.level;
    months = s.consecutiveMonths;
    if (s.reasons) reasons = s.reasons.length > 0 ? s.reasons : reasons;
    if (s.duesUnpaidMonths !== undefined) duesMonths = s.duesUnpaidMonths;
    kernel.data.level = level;
    kernel.data.consecutiveMonths = months;
    // the record shows the grounds the tasks name (case data only, no command: older histories replay unchanged)
    if (reasons) kernel.data.reasons = reasons;
    if (s.duesUnpaidMonths !== undefined) kernel.data.duesUnpaidMonths = duesMonths;
  });

  return kernel.run(async () => {
    if (level === 'warned') {
      // the talk's deadline from the policy table (the same month as before; older histories keep their own)
      const talkDue = patched(LAPSE_POLICY_DEADLINES) ? policy.orgLife.lapseTalkDeadline : { months: 1 };
      await kernel.ask({
        step: 'L1',
        kind: 'input',
        title: `与${input.personName}谈心谈话（${grounds().zh}）`,
        titleEn: `Talk with ${input.personName} (${grounds().en})`,
        assignedBodyId: input.orgId,
        due: talkDue,
      });
      await kernel.record('L1', 'lapse.talked', { detail: { consecutiveMonths: months } });
      await kernel.waitFor(condition(() => level !== 'warned'));
      if ((level as Level) === 'none') {
        await kernel.record('L1', 'lapse.resumed', { detail: { consecutiveMonths: months } });
        return { outcome: 'resumed' };
      }
    }
    kernel.data.flags = ['lapseFlagged'];
    kernel.refreshSummary();
    // workflow time, no command: older histories replay unchanged (the validators using it are not replayed)
    const flaggedOn = workflowToday(policy);
    await kernel.record('L2', 'lapse.flagged', { detail: { consecutiveMonths: months } });
    const voteDue = patched(LAPSE_POLICY_DEADLINES) ? policy.orgLife.lapseRemovalVoteDeadline : { months: 1 };
    const vote = await kernel.ask({
      step: 'L2',
      kind: 'input',
      title: `支部党员大会讨论${input.personName}除名（${grounds().zh}）`,
      titleEn: `General meeting decides on removing ${input.personName} (${grounds().en})`,
      assignedBodyId: input.orgId,
      due: voteDue,
      // Validators are not replayed, so the meeting-date check needs no marker: it only refuses new decisions.
      validatePayload: (payload, outcome) =>
        outcome === 'submit' ? removalVoteViolation(payload, policy, workflowToday(policy), flaggedOn) : null,
    });
    const counts = voteCounts(vote.payload);
    const result = checkBranchVote(counts, policy);
    const meetingDate = typeof vote.payload?.meetingDate === 'string' ? vote.payload.meetingDate : null;
    kernel.data.removalVote = {
      ...counts,
      passed: result.passed,
      requiredFor: result.requiredFor,
      ...(meetingDate ? { meetingDate } : {}),
    };
    if (!result.passed) {
      await kernel.record('L2', 'lapse.removalNotPassed', { comment: result.explanation });
      return { outcome: 'notRemoved' };
    }
    const upper = await kernel.ask({
      step: 'L3',
      kind: 'approval',
      title: `审批${input.personName}除名`,
      titleEn: `Approve the removal of ${input.personName}`,
      assignedBodyId: input.upperBodyId,
      due: policy.admissionApprovalDeadline,
    });
    if (upper.outcome !== 'approve') kernel.reject(upper.comment ?? '上级党组织未批准除名');
    const on = localDate(upper.at, policy);
    await orgLifeActs.removeMember({ orgId: input.orgId, personId: input.personId, on });
    await kernel.record('L3', 'lapse.removed', { detail: { on } });
    return { outcome: 'removed', on };
  });
}

function voteCounts(payload: Record<string, unknown> | null | undefined) {
  const n = (k: string) => (typeof payload?.[k] === 'number' ? (payload[k] as number) : -1);
  const written = typeof payload?.writtenOpinionsFor === 'number' ? payload.writtenOpinionsFor : 0;
  return { entitled: n('entitled'), present: n('present'), forVotes: n('forVotes'), writtenOpinionsFor: written };
}

/**
 * The general meeting's vote on removal must have been quorate (RULES §F via §E step 15) and its counts consistent
 * (`checkBranchVote` answers malformed counts with the input violation naming the field); the meeting was held, so
 * its date is not after today nor before the member was flagged (checkRemovalMeetingDate). The entitled count against the registry on the meeting date
 * is the API's check (LapseDecisionChecks): a validator reads no registry.
 */
function removalVoteViolation(
  payload: Record<string, unknown> | undefined,
  policy: PolicyTable,
  today: string,
  flaggedOn: string,
): RuleViolation | null {
  const date = checkRemovalMeetingDate(payload?.meetingDate, today, flaggedOn);
  if (date) return date;
  const result = checkBranchVote(voteCounts(payload), policy);
  return result.quorumMet ? null : result.violation;
}
