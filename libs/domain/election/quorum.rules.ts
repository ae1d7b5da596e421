import { DomainRuleError, invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';

export interface QuorumResult {
  met: boolean;
  due: number;
  present: number;
  required: number;
  /** true only when the meeting passed solely because the exactly-4/5 toggle (H-2) is on */
  exactlyAllowedUsed: boolean;
  explanation: string;
  explanationEn: string;
  violation: RuleViolation | null;
}

/** A count that is not a non-negative integer: the input violation INVALID_COUNT naming it (400), else null. */
function countViolation(name: string, n: number): RuleViolation | null {
  if (Number.isInteger(n) && n >= 0) return null;
  return invalidInput(
    'INVALID_COUNT',
    `${name} must be a non-negative integer, got ${String(n)}`,
    `${name}须为非负整数：${String(n)}`,
    {
      field: name,
    },
  );
}

/** Smallest integer strictly greater than num/den of total: floor(num × total / den) + 1 — RULES §0.2. */
export function moreThanFraction(total: number, num: number, den: number): number {
  return Math.floor((num * total) / den) + 1;
}

/** Smallest integer at least num/den of total: ceil(num × total / den). */
export function atLeastFraction(total: number, num: number, den: number): number {
  return Math.ceil((num * total) / den);
}

/**
 * Election quorum: present > 4/5 of those due — RULES §D.3; with the H-2 toggle, exactly 4/5 also passes.
 * The minimum is floor(4 × due / 5) + 1 (strict) or ceil(4 × due / 5) (toggle). Counts that are not non-negative
 * integers: not met, with the input violation INVALID_COUNT naming the count.
 */
export function checkElectionQuorum(due: number, present: number, policy: PolicyTable): QuorumResult {
  const bad = countViolation('due', due) ?? countViolation('present', present);
  if (bad) {
    // counts that are not counts: not met, with the input violation instead of a quorum
    return {
      met: false,
      due,
      present,
      required: 0,
      exactlyAllowedUsed: false,
      explanation: bad.message,
      explanationEn: bad.messageEn,
      violation: bad,
    };
  }
  const { quorumNumerator: num, quorumDenominator: den, quorumAllowExactly } = policy;
  const fraction = `${num}/${den}`;
  const strictRequired = moreThanFraction(due, num, den);
  const required = quorumAllowExactly ? Math.max(1, atLeastFraction(due, num, den)) : strictRequired;
  const ruleEn = quorumAllowExactly ? `at least ${fraction} required` : `more than ${fraction} required`;
  const ruleZh = quorumAllowExactly ? `须达到${fraction}` : `须超过${fraction}`;
  const head = `quorum: ${present} of ${due} due present, ${ruleEn} (${required})`;
  const headZh = `应到会${due}人，实到会${present}人，${ruleZh}（至少${required}人）`;

  if (present > due) {
    const v = violation({
      code: 'PRESENT_EXCEEDS_DUE',
      kind: 'invalid',
      rule: 'RULES §D.3',
      message: `${headZh}；实到人数不能超过应到人数`,
      messageEn: `${head}; present cannot exceed due`,
      numbers: { due, present, required },
    });
    return {
      met: false,
      due,
      present,
      required,
      exactlyAllowedUsed: false,
      explanation: v.message,
      explanationEn: v.messageEn,
      violation: v,
    };
  }
  const met = present >= required;
  const exactlyAllowedUsed = met && quorumAllowExactly && present < strictRequired;
  if (met) {
    const noteEn = exactlyAllowedUsed ? '; met only under the exactly-4/5 toggle (RULES H-2), record it' : '';
    const noteZh = exactlyAllowedUsed ? '；系按"恰好4/5视为有效"选项认定（RULES H-2），须记录在案' : '';
    return {
      met,
      due,
      present,
      required,
      exactlyAllowedUsed,
      explanation: `${headZh}，符合法定人数，选举有效进行${noteZh}`,
      explanationEn: `${head}: met${noteEn}`,
      violation: null,
    };
  }
  const v = violation({
    code: 'QUORUM_NOT_MET',
    kind: 'rule',
    rule: 'RULES §D.3',
    message: `${headZh}，不足法定人数，选举不能进行`,
    messageEn: head,
    numbers: { due, present, required, allowExactly: quorumAllowExactly },
  });
  return {
    met,
    due,
    present,
    required,
    exactlyAllowedUsed,
    explanation: v.message,
    explanationEn: v.messageEn,
    violation: v,
  };
}

/**
 * Minimum for-votes to be elected: > 1/2 of the voters present, floor(present / 2) + 1 — RULES §D.5. Callers pass a
 * count already checked (checkRoundInput); one that is not a non-negative integer throws INVALID_COUNT (an assertion:
 * there is no number to return).
 */
export function winnerThreshold(present: number, policy: PolicyTable): number {
  const bad = countViolation('present', present);
  if (bad) throw new DomainRuleError(bad);
  return moreThanFraction(present, policy.winThresholdNumerator, policy.winThresholdDenominator);
}
