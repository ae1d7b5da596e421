import { invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';
import { atLeastFraction, moreThanFraction } from './quorum.rules';

export interface BranchVoteInput {
  /** full members with voting rights who should attend (应到会有表决权人数) */
  entitled: number;
  /** entitled voters present */
  present: number;
  /** for-votes cast at the meeting */
  forVotes: number;
  /**
   * written opinions in favour sent before the meeting by absent entitled voters: tallied, not attendance (H-4); the
   * one name of the field everywhere (step payloads, case data, dossier)
   */
  writtenOpinionsFor?: number;
}

export interface BranchVoteResult {
  quorumMet: boolean;
  passed: boolean;
  requiredPresent: number;
  requiredFor: number;
  totalFor: number;
  /**
   * RULES H-2: true when the result rests on the inclusive "exactly half" toggle (`branchVoteAllowExactlyHalf`) — the
   * quorum or the pass would fail under the strict reading. The caller writes it on the meeting record.
   */
  exactlyHalfUsed: boolean;
  explanation: string;
  explanationEn: string;
  violation: RuleViolation | null;
}

function half(total: number, policy: PolicyTable, num: number, den: number): number {
  return policy.branchVoteAllowExactlyHalf
    ? Math.max(1, atLeastFraction(total, num, den))
    : moreThanFraction(total, num, den);
}

/**
 * The counts of a branch general meeting vote are non-negative integers and consistent (present ≤ entitled, for ≤
 * present, written opinions ≤ the absent) — RULES §E step 15. A malformed count is an input error naming its field,
 * answered as a violation (never thrown), so validators need no try/catch.
 */
export function checkBranchVoteCounts(input: BranchVoteInput): RuleViolation | null {
  const { entitled, present, forVotes } = input;
  const written = input.writtenOpinionsFor ?? 0;
  const counts = { entitled, present, forVotes, writtenOpinionsFor: written };
  for (const [k, v] of Object.entries(counts)) {
    if (!Number.isInteger(v) || v < 0) {
      return invalidInput('INVALID_COUNT', `${k} must be a non-negative integer`, `${k}须为非负整数`, { field: k });
    }
  }
  if (present > entitled || forVotes > present || written > entitled - present) {
    return invalidInput(
      'INCONSISTENT_VOTE_COUNTS',
      `inconsistent counts: ${entitled} entitled, ${present} present, ${forVotes} for, ${written} written`,
      `票数不一致：应到${entitled}人，实到${present}人，赞成${forVotes}票，书面意见${written}份`,
      { entitled, present, forVotes, written },
    );
  }
  return null;
}

/**
 * Branch general meeting vote on admission, full membership, extension or cancellation — RULES §E step 15 and 23
 * (细则 Arts. 20–21): present > 1/2 of entitled, and for-votes (written opinions included) > 1/2 of entitled — not
 * of those present. Malformed counts (`checkBranchVoteCounts`) give a result that neither meets the quorum nor passes,
 * with that input violation (kind 'invalid').
 */
export function checkBranchVote(input: BranchVoteInput, policy: PolicyTable): BranchVoteResult {
  const { entitled, present, forVotes } = input;
  const written = input.writtenOpinionsFor ?? 0;
  const malformed = checkBranchVoteCounts(input);
  if (malformed) {
    return {
      quorumMet: false,
      passed: false,
      requiredPresent: 0,
      requiredFor: 0,
      totalFor: 0,
      exactlyHalfUsed: false,
      explanation: malformed.message,
      explanationEn: malformed.messageEn,
      violation: malformed,
    };
  }
  const requiredPresent = half(entitled, policy, policy.branchVoteQuorumNumerator, policy.branchVoteQuorumDenominator);
  const requiredFor = half(entitled, policy, policy.branchVotePassNumerator, policy.branchVotePassDenominator);
  const totalFor = forVotes + written;
  const quorumMet = present >= requiredPresent;
  const passed = quorumMet && totalFor >= requiredFor;
  const strictPresent = moreThanFraction(
    entitled,
    policy.branchVoteQuorumNumerator,
    policy.branchVoteQuorumDenominator,
  );
  const strictFor = moreThanFraction(entitled, policy.branchVotePassNumerator, policy.branchVotePassDenominator);
  const exactlyHalfUsed =
    policy.branchVoteAllowExactlyHalf && ((quorumMet && present < strictPresent) || (passed && totalFor < strictFor));
  const quorumEn = `${present} of ${entitled} entitled present, ${requiredPresent} required`;
  const passEn = `${totalFor} for (${forVotes} at the meeting + ${written} written) of ${entitled} entitled, ${requiredFor} required`;
  const quorumZh = `应到会有表决权${entitled}人，实到${present}人，须至少${requiredPresent}人`;
  const passZh = `赞成${totalFor}票（会上${forVotes}票、书面${written}票），须至少${requiredFor}票`;
  let v: RuleViolation | null = null;
  if (!quorumMet) {
    v = violation({
      code: 'BRANCH_VOTE_QUORUM_NOT_MET',
      kind: 'rule',
      rule: 'RULES §E step 15',
      message: `${quorumZh}，不足半数，不能表决`,
      messageEn: `branch vote quorum: ${quorumEn}`,
      numbers: { entitled, present, requiredPresent },
    });
  } else if (!passed) {
    v = violation({
      code: 'BRANCH_VOTE_NOT_PASSED',
      kind: 'rule',
      rule: 'RULES §E step 15',
      message: `${passZh}，未超过应到会有表决权正式党员的半数，决议未通过`,
      messageEn: `branch vote not passed: ${passEn}`,
      numbers: { entitled, totalFor, requiredFor },
    });
  }
  return {
    quorumMet,
    passed,
    requiredPresent,
    requiredFor,
    totalFor,
    exactlyHalfUsed,
    explanation: v ? v.message : `${quorumZh}；${passZh}；决议通过`,
    explanationEn: v ? v.messageEn : `branch vote passed: ${quorumEn}; ${passEn}`,
    violation: v,
  };
}
