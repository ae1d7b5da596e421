import { DomainRuleError, invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';

/** Seats that are not a positive integer: the input violation INVALID_SEATS (400), else null. */
function seatsViolation(seats: number): RuleViolation | null {
  if (Number.isInteger(seats) && seats >= 1) return null;
  return invalidInput(
    'INVALID_SEATS',
    `seats must be a positive integer, got ${String(seats)}`,
    `应选名额须为正整数：${String(seats)}`,
    {
      seats: String(seats),
    },
  );
}

/** ceil without floating-point noise (0.2 × 15 is 3.0000000000000004 in binary floating point). */
function ceilRatio(ratio: number, n: number): number {
  return Math.ceil(Math.round(ratio * n * 1e9) / 1e9);
}

/**
 * Minimum candidates for a contested (差额) slate: seats + ceil(20% × seats) — RULES §D.2. Callers pass seats already
 * checked (the request schema, checkSlateSurplus); seats that are not a positive integer throw INVALID_SEATS (an
 * assertion: there is no number to return).
 */
export function minCandidates(seats: number, policy: PolicyTable): number {
  const bad = seatsViolation(seats);
  if (bad) throw new DomainRuleError(bad);
  return seats + ceilRatio(policy.candidateSurplusMinRatio, seats);
}

/**
 * The slate needs at least minCandidates(seats) candidates — RULES §D.2, §C.1 (C4). Seats that are not a positive
 * integer: the input violation INVALID_SEATS.
 */
export function checkSlateSurplus(seats: number, candidateCount: number, policy: PolicyTable): RuleViolation | null {
  const bad = seatsViolation(seats);
  if (bad) return bad;
  const required = minCandidates(seats, policy);
  if (candidateCount >= required) return null;
  const surplusPercent = Math.round(policy.candidateSurplusMinRatio * 100);
  return violation({
    code: 'SLATE_SURPLUS',
    kind: 'rule',
    rule: 'RULES §D.2',
    message: `应选${seats}名，差额比例不少于${surplusPercent}%，候选人至少${required}名，现为${candidateCount}名`,
    messageEn: `slate: ${candidateCount} candidates for ${seats} seats, at least ${required} required (${surplusPercent}% surplus)`,
    numbers: { seats, candidates: candidateCount, required, surplusPercent },
  });
}

/**
 * Slate check for a by-election: 等额 (one candidate per seat) when the policy allows it, else the §D.2 surplus —
 * RULES §B.4, §D.8, §G.2 row 6. Seats that are not a positive integer: the input violation INVALID_SEATS.
 */
export function checkByElectionSlate(seats: number, candidateCount: number, policy: PolicyTable): RuleViolation | null {
  const bad = seatsViolation(seats);
  if (bad) return bad;
  if (policy.byElectionMode === 'surplus') return checkSlateSurplus(seats, candidateCount, policy);
  if (candidateCount >= seats) return null;
  return violation({
    code: 'SLATE_TOO_SHORT',
    kind: 'rule',
    rule: 'RULES §D.8',
    message: `补选应选${seats}名，候选人至少${seats}名，现为${candidateCount}名`,
    messageEn: `by-election slate: ${candidateCount} candidates for ${seats} seats, at least ${seats} required`,
    numbers: { seats, candidates: candidateCount, required: seats },
  });
}
