import { DomainRuleError, invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';
import { checkBallot, type Ballot, type BallotInvalidReason } from './ballot.rules';
import { moreThanFraction, winnerThreshold } from './quorum.rules';

export interface RoundInput {
  seats: number;
  candidateIds: string[];
  /** voters present with a vote (实到会有选举权的人数): the winner denominator, invalid ballots included (H-3) */
  presentVoters: number;
  ballotsIssued: number;
  ballots: Ballot[];
  /**
   * 'majority' (default): winners need more than half of the voters present (RULES §D.5).
   * 'tieRevote': the re-vote among candidates tied at the cut-off, who already passed the threshold —
   * "the one with more votes wins" (RULES §D.5); policy `tieRevoteNeedsMajority` switches it back to 'majority'.
   */
  mode?: 'majority' | 'tieRevote';
  /**
   * Persons a write-in may name (另选他人: an eligible person — full members with rights, RULES §D.4). A write-in for
   * anyone else is disregarded; the ballot itself stays valid. Absent: every write-in counts.
   */
  eligibleIds?: string[];
}

export interface CandidateCount {
  personId: string;
  forVotes: number;
  againstVotes: number;
  abstentions: number;
  writeIn: boolean;
}

export interface RoundTally {
  void: boolean;
  voidReason: string | null;
  ballotsReturned: number;
  ballotsIssued: number;
  validBallots: number;
  invalidBallots: number;
  threshold: number;
  counts: CandidateCount[];
  elected: string[];
  tiedAtCutoff: string[];
  seatsForTieVote: number;
  shortfall: number;
  explanation: string[];
  explanationEn: string[];
}

const REASON_ZH: Record<BallotInvalidReason, string> = {
  TOO_MANY_MARKS: '赞成及另选人数多于应选名额',
  WRITE_IN_WITHOUT_AGAINST: '未对候选人投不赞成票即另选他人',
  UNKNOWN_CANDIDATE: '标注了非候选人',
  DUPLICATE_WRITE_IN: '重复另选',
};

function badInt(name: string, n: number, min: number): RuleViolation | null {
  if (Number.isInteger(n) && n >= min) return null;
  return invalidInput(
    'INVALID_ROUND',
    `${name} must be an integer ≥ ${min}, got ${String(n)}`,
    `${name}须为不小于${min}的整数：${String(n)}`,
    {
      field: name,
    },
  );
}

/** Input check for tallyRound, for update validators that must refuse instead of throwing later. */
export function checkRoundInput(input: RoundInput): RuleViolation | null {
  const { seats, candidateIds, presentVoters, ballotsIssued } = input;
  const bad =
    badInt('seats', seats, 1) ?? badInt('presentVoters', presentVoters, 0) ?? badInt('ballotsIssued', ballotsIssued, 0);
  if (bad) return bad;
  if (new Set(candidateIds).size !== candidateIds.length) {
    return invalidInput('DUPLICATE_CANDIDATE', 'candidate list contains duplicates', '候选人名单有重复');
  }
  if (ballotsIssued > presentVoters) {
    return invalidInput(
      'ISSUED_EXCEEDS_PRESENT',
      `${ballotsIssued} ballots issued but only ${presentVoters} voters present`,
      `发出选票${ballotsIssued}张，多于实到会有选举权人数${presentVoters}人`,
      { ballotsIssued, presentVoters },
    );
  }
  return null;
}

/**
 * Counts one voting round — RULES §D.4 (ballot and round validity), §D.5 (threshold, ties, shortfall).
 * A void round (returned > issued, or issued > present) is a result, not an error. Throws DomainRuleError(kind
 * 'invalid') only for malformed input (seats < 1, negative counts, duplicate candidates): call checkRoundInput in
 * update validators first.
 */
export function tallyRound(input: RoundInput, policy: PolicyTable): RoundTally {
  const { seats, candidateIds, presentVoters, ballotsIssued, ballots } = input;
  const bad = checkRoundInput(input);
  if (bad && bad.code !== 'ISSUED_EXCEEDS_PRESENT') throw new DomainRuleError(bad);

  const plurality = input.mode === 'tieRevote' && !policy.tieRevoteNeedsMajority;
  const threshold = plurality ? 1 : winnerThreshold(presentVoters, policy);
  const ballotsReturned = ballots.length;
  const explanation: string[] = [];
  const explanationEn: string[] = [];
  explanation.push(`发出选票${ballotsIssued}张，收回${ballotsReturned}张`);
  explanationEn.push(`ballots issued ${ballotsIssued}, returned ${ballotsReturned}`);

  const base = { ballotsReturned, ballotsIssued, threshold };
  // §D.4: more ballots returned than issued voids the whole vote; it must be repeated. Ballots are issued one per
  // voter present, so more issued than voters present is the same irregularity one step earlier.
  const issuedTooMany = ballotsIssued > presentVoters;
  if (issuedTooMany || ballotsReturned > ballotsIssued) {
    if (issuedTooMany) {
      explanation.push(
        `发出选票${ballotsIssued}张，多于实到会有选举权人数${presentVoters}人，本次选举无效，应重新投票（RULES §D.4）`,
      );
      explanationEn.push(
        `issued ${ballotsIssued} > voters present ${presentVoters}: the vote is void and must be repeated (RULES §D.4)`,
      );
    } else {
      explanation.push(`收回票数多于发出票数，本次选举无效，应重新投票（RULES §D.4）`);
      explanationEn.push(
        `returned ${ballotsReturned} > issued ${ballotsIssued}: the vote is void and must be repeated (RULES §D.4)`,
      );
    }
    return {
      ...base,
      void: true,
      voidReason: issuedTooMany ? 'ISSUED_EXCEEDS_PRESENT' : 'RETURNED_EXCEEDS_ISSUED',
      validBallots: 0,
      invalidBallots: 0,
      counts: [],
      elected: [],
      tiedAtCutoff: [],
      seatsForTieVote: 0,
      shortfall: 0,
      explanation,
      explanationEn,
    };
  }

  const counts = new Map<string, CandidateCount>();
  for (const id of candidateIds)
    counts.set(id, { personId: id, forVotes: 0, againstVotes: 0, abstentions: 0, writeIn: false });
  const invalidByReason = new Map<BallotInvalidReason, number>();
  let validBallots = 0;
  const eligible = input.eligibleIds ? new Set(input.eligibleIds) : null;
  let ignoredWriteIns = 0;
  for (const ballot of ballots) {
    const check = checkBallot(ballot, candidateIds, seats);
    if (!check.valid) {
      const reason = check.reason as BallotInvalidReason;
      invalidByReason.set(reason, (invalidByReason.get(reason) ?? 0) + 1);
      continue;
    }
    validBallots += 1;
    for (const id of candidateIds) {
      const c = counts.get(id) as CandidateCount;
      const mark = ballot.marks[id];
      if (mark === 'for') c.forVotes += 1;
      else if (mark === 'against') c.againstVotes += 1;
      else c.abstentions += 1;
    }
    for (const w of ballot.writeIns ?? []) {
      if (eligible && !eligible.has(w.personId)) {
        ignoredWriteIns += 1;
        continue;
      }
      const c = counts.get(w.personId) ?? {
        personId: w.personId,
        forVotes: 0,
        againstVotes: 0,
        abstentions: 0,
        writeIn: true,
      };
      c.forVotes += 1;
      counts.set(w.personId, c);
    }
  }
  const invalidBallots = ballotsReturned - validBallots;
  explanation.push(`有效票${validBallots}张，无效票${invalidBallots}张`);
  explanationEn.push(`valid ballots ${validBallots}, invalid ${invalidBallots}`);
  if (ignoredWriteIns > 0) {
    explanation.push(`另选他人${ignoredWriteIns}处所写人员不具备被选举资格，不计票（RULES §D.4）`);
    explanationEn.push(
      `${ignoredWriteIns} write-in(s) named persons not eligible to stand and were not counted (RULES §D.4)`,
    );
  }
  for (const [reason, n] of invalidByReason) {
    explanation.push(`无效票${n}张：${REASON_ZH[reason]}（RULES §D.4）`);
    explanationEn.push(`invalid ballots ${n}: ${reason} (RULES §D.4)`);
  }
  if (plurality) {
    explanation.push(`得票相等者再次投票，得票多者当选（RULES §D.5）`);
    explanationEn.push(`re-vote among the tied: the most for-votes win (RULES §D.5)`);
  } else {
    explanation.push(
      `实到会有选举权${presentVoters}人，当选须得赞成票超过半数，即至少${threshold}票（无效票不减少基数，RULES §D.5）`,
    );
    explanationEn.push(
      `present voters ${presentVoters}: election needs more than half, at least ${threshold} for-votes (invalid ballots stay in the base, RULES §D.5)`,
    );
  }

  // Stable order: for-votes desc, then slate order, then write-ins in order of first appearance.
  const sorted = [...counts.values()].sort((a, b) => b.forVotes - a.forVotes);
  for (const c of sorted) {
    const tag = c.writeIn ? '（另选）' : '';
    const tagEn = c.writeIn ? ' (write-in)' : '';
    explanation.push(`${c.personId}${tag}：赞成${c.forVotes}，不赞成${c.againstVotes}，弃权${c.abstentions}`);
    explanationEn.push(`${c.personId}${tagEn}: for ${c.forVotes}, against ${c.againstVotes}, abstain ${c.abstentions}`);
  }

  const qualified = sorted.filter((c) => c.forVotes >= threshold);
  let elected: string[];
  let tiedAtCutoff: string[] = [];
  let seatsForTieVote = 0;
  let shortfall = 0;
  if (qualified.length <= seats) {
    elected = qualified.map((c) => c.personId);
    shortfall = seats - elected.length;
  } else {
    const cutoffVotes = (qualified[seats - 1] as CandidateCount).forVotes;
    const tiedPastCutoff = (qualified[seats] as CandidateCount).forVotes === cutoffVotes;
    if (tiedPastCutoff) {
      elected = qualified.filter((c) => c.forVotes > cutoffVotes).map((c) => c.personId);
      tiedAtCutoff = qualified.filter((c) => c.forVotes === cutoffVotes).map((c) => c.personId);
      seatsForTieVote = seats - elected.length;
    } else {
      elected = qualified.slice(0, seats).map((c) => c.personId);
    }
  }

  explanation.push(`当选${elected.length}人（应选${seats}名）：${elected.join('、') || '无'}`);
  explanationEn.push(`elected ${elected.length} of ${seats} seats: ${elected.join(', ') || 'none'}`);
  if (tiedAtCutoff.length > 0) {
    explanation.push(
      `${tiedAtCutoff.join('、')}得票相等，争取最后${seatsForTieVote}个名额，应在他们之间再次投票，得票多者当选（RULES §D.5）`,
    );
    explanationEn.push(
      `tie at the cut-off: ${tiedAtCutoff.join(', ')} for the last ${seatsForTieVote} seat(s); re-vote among them only (RULES §D.5)`,
    );
  }
  if (shortfall > 0) {
    explanation.push(
      `得票超过半数的不足应选名额，尚缺${shortfall}名，应就差额另行选举，不得按得票多少递补（RULES §D.5）`,
    );
    explanationEn.push(
      `shortfall: ${shortfall} seat(s) unfilled; hold a separate vote, never fill from candidates below the threshold (RULES §D.5)`,
    );
  }

  return {
    ...base,
    void: false,
    voidReason: null,
    validBallots,
    invalidBallots,
    counts: sorted,
    elected,
    tiedAtCutoff,
    seatsForTieVote,
    shortfall,
    explanation,
    explanationEn,
  };
}

/**
 * After a shortfall the meeting may reduce the seat count to those elected instead of a separate vote — RULES §D.5:
 * needs consent of more than the policy's share (seatReductionConsent*, half by default) of the voters present, and
 * (assumption in RULES) never below the type's minimum. The policy is required: no second copy of its numbers here.
 */
export function canReduceSeats(
  elected: number,
  seats: number,
  minCommitteeSize: number,
  consentVotes: number,
  present: number,
  policy: Pick<PolicyTable, 'seatReductionConsentNumerator' | 'seatReductionConsentDenominator'>,
): RuleViolation | null {
  if (elected >= seats) {
    return violation({
      code: 'NO_SHORTFALL',
      kind: 'invalid',
      rule: 'RULES §D.5',
      message: `已当选${elected}人，不少于应选名额${seats}名，无须减少名额`,
      messageEn: `no shortfall: ${elected} elected for ${seats} seats`,
      numbers: { elected, seats },
    });
  }
  if (elected < minCommitteeSize) {
    return violation({
      code: 'SEAT_REDUCTION_BELOW_MINIMUM',
      kind: 'rule',
      rule: 'RULES §D.5, §B.1',
      message: `当选${elected}人，少于该类委员会最少${minCommitteeSize}名，不能减少名额，应另行选举`,
      messageEn: `seat reduction: ${elected} elected is below the minimum committee size ${minCommitteeSize}; hold a separate vote`,
      numbers: { elected, seats, minCommitteeSize },
    });
  }
  // the policy's consent fraction (RULES §D.5: more than half of the voters present by default)
  const num = policy.seatReductionConsentNumerator;
  const den = policy.seatReductionConsentDenominator;
  const required = moreThanFraction(present, num, den);
  if (consentVotes < required) {
    return violation({
      code: 'SEAT_REDUCTION_CONSENT_NOT_MET',
      kind: 'rule',
      rule: 'RULES §D.5',
      message: `减少名额须经超过${num}/${den}的到会选举人同意：实到${present}人，同意${consentVotes}人，至少需要${required}人`,
      messageEn: `seat reduction: ${consentVotes} of ${present} present consent, more than ${num}/${den} required (${required})`,
      numbers: { consentVotes, present, required, fraction: `${num}/${den}` },
    });
  }
  return null;
}
