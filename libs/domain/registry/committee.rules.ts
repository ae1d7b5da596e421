import { violation, type RuleViolation } from '../errors/rule-violation';
import { addToDate, compareInstants, negateDuration } from '../dates/date-math';
import { periodCompleteOn } from '../dates/period';
import type { PolicyTable, SeatRange } from '../policy/policy-table';
import type { RosterEntry } from '../election/voters.rules';

// Committee rules that hold for the whole life of an organization, not only at its founding — RULES §B.1.

/**
 * A temporary branch's leaders are designated by the upper organization, not elected (RULES §B.1): it has no term
 * clock and no term election. Every other type holds elections on a term.
 */
export function hasTermClock(type: string): boolean {
  return type !== 'temporaryBranch';
}

export function checkLeadersElected(type: string): RuleViolation | null {
  if (hasTermClock(type)) return null;
  return violation({
    code: 'TEMPORARY_BRANCH_NOT_ELECTED',
    kind: 'rule',
    rule: 'RULES §B.1',
    message: '临时党支部的负责人由上级党组织指定，不进行换届选举或补选',
    messageEn:
      "a temporary branch's leaders are designated by the upper organization; it holds no term election or by-election",
    numbers: { type },
  });
}

/** Full members (正式党员) on a roster: the 3/7 thresholds count them, whatever their voting rights (RULES H-1). */
export function fullMemberCount(roster: readonly RosterEntry[]): number {
  return new Set(roster.filter((r) => r.status !== 'probationary').map((r) => r.personId)).size;
}

function seatRangeFor(type: string, seats: number, policy: PolicyTable): { kind: string; range: SeatRange } {
  if (type === 'generalBranch') return { kind: 'generalBranch', range: policy.committeeSize.generalBranch };
  if (type === 'organCommittee') {
    const standing = policy.committeeSize.organCommitteeWithStanding;
    if (seats >= standing.min) return { kind: 'organCommitteeWithStanding', range: standing };
    return { kind: 'organCommittee', range: policy.committeeSize.organCommittee };
  }
  return { kind: 'branch', range: policy.committeeSize.branch };
}

export interface ElectionSeatsCheck {
  /** refuses the election as prepared (422) */
  violation: RuleViolation | null;
  /** advice for the record: a branch of 7 or more full members electing no committee should have one */
  advice: RuleViolation | null;
}

/**
 * Seats of a term election against the roster — RULES §B.1 (机关条例2019 Art. 7, 支部条例): a branch (or joint
 * branch) elects a committee only with ≥ 7 full members, of 3–5 seats (at most 7); with fewer, a secretary (and a
 * deputy if needed) and no committee; one that grew to 7 or more is told it should elect one. A general branch
 * elects 5–7 (at most 9), an organ committee 5–9 (at most 11) or 15–19 (at most 21) with a standing committee. A
 * temporary branch elects nothing (its leaders are designated).
 */
export function checkElectionSeats(
  type: string,
  seats: number,
  roster: readonly RosterEntry[],
  policy: PolicyTable,
): ElectionSeatsCheck {
  const designated = checkLeadersElected(type);
  if (designated) return { violation: designated, advice: null };
  const fullMembers = fullMemberCount(roster);
  const branchLike = type === 'branch' || type === 'jointBranch';
  const min = policy.branchCommitteeMinFullMembers;
  if (branchLike && seats === 0) {
    if (fullMembers < min) return { violation: null, advice: null };
    return {
      violation: null,
      advice: violation({
        code: 'BRANCH_COMMITTEE_EXPECTED',
        kind: 'rule',
        rule: 'RULES §B.1',
        message: `正式党员${fullMembers}人，达到${min}人以上，应设立支部委员会`,
        messageEn: `${fullMembers} full members (at least ${min}): the branch should elect a committee`,
        numbers: { fullMembers, required: min, seats },
      }),
    };
  }
  if (branchLike && fullMembers < min) {
    return {
      violation: violation({
        code: 'ELECTION_COMMITTEE_MIN_FULL_MEMBERS',
        kind: 'rule',
        rule: 'RULES §B.1',
        message: `设立支部委员会须有正式党员${min}人以上，现有${fullMembers}人；本次不选举委员会，选举书记（必要时副书记）`,
        messageEn: `a branch committee needs at least ${min} full members, the roster has ${fullMembers}; elect a secretary (and a deputy if needed) instead of ${seats} committee seats`,
        numbers: { fullMembers, required: min, seats },
      }),
      advice: null,
    };
  }
  const { kind, range } = seatRangeFor(type, seats, policy);
  if (seats < range.min || seats > range.hardMax) {
    return {
      violation: violation({
        code: 'COMMITTEE_SIZE_OUT_OF_RANGE',
        kind: 'rule',
        rule: 'RULES §B.1',
        message: `委员会委员${seats}名，应为${range.min}至${range.max}名（最多${range.hardMax}名）`,
        messageEn: `${type} committee of ${seats} seats: ${range.min}–${range.max} required (at most ${range.hardMax})`,
        numbers: { seats, min: range.min, max: range.max, hardMax: range.hardMax, kind },
      }),
      advice: null,
    };
  }
  return { violation: null, advice: null };
}

/**
 * A by-election fills committee seats only where a committee may exist: a branch (or joint branch) below 7 full
 * members on the roster elects no committee members (RULES §B.1); its secretary and deputy are still filled.
 */
export function checkByElectionCommittee(
  type: string,
  committeeMemberSeats: number,
  roster: readonly RosterEntry[],
  policy: PolicyTable,
): RuleViolation | null {
  const designated = checkLeadersElected(type);
  if (designated) return designated;
  if (committeeMemberSeats === 0 || (type !== 'branch' && type !== 'jointBranch')) return null;
  const fullMembers = fullMemberCount(roster);
  if (fullMembers >= policy.branchCommitteeMinFullMembers) return null;
  return violation({
    code: 'ELECTION_COMMITTEE_MIN_FULL_MEMBERS',
    kind: 'rule',
    rule: 'RULES §B.1',
    message: `党支部正式党员${fullMembers}人，不足${policy.branchCommitteeMinFullMembers}人，不设委员会，不补选委员`,
    messageEn: `the branch has ${fullMembers} full members, fewer than ${policy.branchCommitteeMinFullMembers}: no committee, so no committee member is by-elected`,
    numbers: { fullMembers, required: policy.branchCommitteeMinFullMembers, seats: committeeMemberSeats },
  });
}

/** Standing members ≤ 1/2 of an organ committee with a standing committee — RULES §B.1 (seed 002). */
export function checkStandingMembers(
  standing: number,
  committeeSeats: number,
  policy: PolicyTable,
): RuleViolation | null {
  const max = Math.floor(committeeSeats * policy.standingMembersMaxRatio);
  if (Number.isInteger(standing) && standing >= 0 && standing <= max) return null;
  return violation({
    code: 'STANDING_MEMBERS_ABOVE_HALF',
    kind: 'rule',
    rule: 'RULES §B.1',
    message: `常委${standing}名，不得超过委员总数${committeeSeats}名的一半（至多${max}名）`,
    messageEn: `${standing} standing members exceed half of the ${committeeSeats}-seat committee (at most ${max})`,
    numbers: { standing, committeeSeats, max, ratio: policy.standingMembersMaxRatio },
  });
}

export interface DisciplineCommitteeFacts {
  /** seats of the organ discipline committee (0 = none set up) */
  seats: number;
  /** its secretary */
  secretaryId: string | null;
  /** deputy secretaries of the organ committee */
  organCommitteeDeputyIds: readonly string[];
}

/**
 * Organ discipline committee (机关纪委) — RULES §B.1, §G.2 row 5 (机关条例2019 Art. 9): it must exist wherever an
 * organ committee does, with at least 5 seats, and its secretary is a deputy secretary of the organ committee.
 */
export function checkOrganDisciplineCommittee(
  facts: DisciplineCommitteeFacts,
  policy: PolicyTable,
): RuleViolation | null {
  const min = policy.organDisciplineCommitteeMinSeats;
  if (facts.seats === 0) {
    return violation({
      code: 'ORGAN_DISCIPLINE_COMMITTEE_MISSING',
      kind: 'rule',
      rule: 'RULES §B.1 (机关条例2019 Art. 9)',
      message: `设立机关党委的，必须同时设立机关纪委（委员至少${min}名）`,
      messageEn: `an organ committee must have an organ discipline committee (at least ${min} seats)`,
      numbers: { seats: 0, min },
    });
  }
  if (facts.seats < min) {
    return violation({
      code: 'ORGAN_DISCIPLINE_COMMITTEE_TOO_SMALL',
      kind: 'rule',
      rule: 'RULES §B.1',
      message: `机关纪委委员${facts.seats}名，一般不少于${min}名`,
      messageEn: `the organ discipline committee has ${facts.seats} seats, at least ${min} required`,
      numbers: { seats: facts.seats, min },
    });
  }
  if (!facts.secretaryId || !facts.organCommitteeDeputyIds.includes(facts.secretaryId)) {
    return violation({
      code: 'DISCIPLINE_SECRETARY_NOT_DEPUTY',
      kind: 'rule',
      rule: 'RULES §B.1 (机关条例2019 Art. 9)',
      message: `机关纪委书记（${facts.secretaryId ?? '空缺'}）须由机关党委副书记担任`,
      messageEn: `the organ discipline committee's secretary (${facts.secretaryId ?? 'none'}) must be a deputy secretary of the organ committee`,
      numbers: { secretaryId: facts.secretaryId ?? 'none', deputies: facts.organCommitteeDeputyIds.join(',') },
    });
  }
  return null;
}

/** A general branch committee has a discipline member (纪检委员) — RULES §B.1 (机关条例2019 Art. 9). */
export function checkGeneralBranchDisciplineMember(type: string, positions: readonly string[]): RuleViolation | null {
  if (type !== 'generalBranch' || positions.includes('discipline')) return null;
  return violation({
    code: 'GENERAL_BRANCH_DISCIPLINE_MEMBER_MISSING',
    kind: 'rule',
    rule: 'RULES §B.1 (机关条例2019 Art. 9)',
    message: '党总支委员会须设纪检委员',
    messageEn: "a general branch committee has a discipline member ('discipline' among its positions)",
    numbers: { positions: positions.join(',') },
  });
}

/**
 * A branch for a work project only when the project lasts at least `projectBranchMinDuration` (6 months) — RULES
 * §B.1 (支部条例): the planned end is on or after the day the period from the start is complete.
 */
export function checkProjectBranchDuration(
  projectStart: string,
  projectEnd: string,
  policy: PolicyTable,
): RuleViolation | null {
  const from = periodCompleteOn(projectStart, policy.projectBranchMinDuration, policy);
  if (compareInstants(projectEnd, from) >= 0) return null;
  const months = (policy.projectBranchMinDuration.years ?? 0) * 12 + (policy.projectBranchMinDuration.months ?? 0);
  return violation({
    code: 'PROJECT_BRANCH_TOO_SHORT',
    kind: 'rule',
    rule: 'RULES §B.1 (支部条例)',
    message: `工作项目${projectStart}至${projectEnd}，不足${months}个月（至少至${from}），不单独成立党支部`,
    messageEn: `a project from ${projectStart} to ${projectEnd} lasts less than ${months} months (until ${from} at least): no branch of its own`,
    numbers: { projectStart, projectEnd, minEnd: from, months },
  });
}

/**
 * Delegate congress (党员代表大会) — RULES §B.1 (选举条例2020 Art. 4): an organization of ≥ 500 members (H-1 count)
 * may elect through a delegate congress with upper approval; below that it needs the dispersed-sites ground.
 */
export function delegateCongressAllowed(memberCount: number, dispersedSites: boolean, policy: PolicyTable): boolean {
  return memberCount >= policy.delegateCongressThreshold || dispersedSites;
}

export function checkDelegateCongress(
  memberCount: number,
  dispersedSites: boolean,
  policy: PolicyTable,
): RuleViolation | null {
  if (delegateCongressAllowed(memberCount, dispersedSites, policy)) return null;
  return violation({
    code: 'DELEGATE_CONGRESS_BELOW_THRESHOLD',
    kind: 'rule',
    rule: 'RULES §B.1 (选举条例2020 Art. 4)',
    message: `党员${memberCount}人，不足${policy.delegateCongressThreshold}人且非驻地分散，应召开党员大会选举`,
    messageEn: `${memberCount} members, fewer than ${policy.delegateCongressThreshold}, and no dispersed sites: elect at a general meeting`,
    numbers: { memberCount, threshold: policy.delegateCongressThreshold },
  });
}

/**
 * Delegate quota (代表名额分配): the total the upper organization approved, shared among the electoral units in
 * proportion to their members (largest remainder), each unit at least one delegate — RULES §B.1. Deterministic: ties
 * of remainders go to the larger unit, then to the unit listed first.
 */
export function allocateDelegates(
  total: number,
  units: readonly { unitId: string; members: number }[],
): Record<string, number> {
  const out: Record<string, number> = {};
  if (units.length === 0 || total <= 0) return out;
  const seats = Math.max(total, units.length);
  for (const u of units) out[u.unitId] = 1;
  const rest = seats - units.length;
  const members = units.reduce((s, u) => s + Math.max(0, u.members), 0);
  if (rest === 0 || members === 0) return out;
  const shares = units.map((u, i) => {
    const exact = (rest * Math.max(0, u.members)) / members;
    return { u, i, base: Math.floor(exact), rem: exact - Math.floor(exact) };
  });
  let given = 0;
  for (const s of shares) {
    out[s.u.unitId]! += s.base;
    given += s.base;
  }
  const order = [...shares].sort((a, b) => b.rem - a.rem || b.u.members - a.u.members || a.i - b.i);
  for (let k = 0; given < rest; k += 1, given += 1) out[order[k % order.length]!.u.unitId]! += 1;
  return out;
}

/**
 * A branch without a committee (fewer than 7 full members) has one secretary and at most one deputy — RULES §B.1
 * (机关条例2019 Art. 7), policy `noCommitteeSecretaries` / `noCommitteeMaxDeputies`.
 */
export function checkNoCommitteeOfficers(
  secretaries: number,
  deputies: number,
  policy: PolicyTable,
): RuleViolation | null {
  if (secretaries === policy.noCommitteeSecretaries && deputies >= 0 && deputies <= policy.noCommitteeMaxDeputies) {
    return null;
  }
  return violation({
    code: 'NO_COMMITTEE_OFFICERS',
    kind: 'rule',
    rule: 'RULES §B.1',
    message: `不设委员会的党支部设书记${policy.noCommitteeSecretaries}名、副书记至多${policy.noCommitteeMaxDeputies}名，提交书记${secretaries}名、副书记${deputies}名`,
    messageEn: `a branch without a committee has ${policy.noCommitteeSecretaries} secretary and at most ${policy.noCommitteeMaxDeputies} deputy, got ${secretaries} and ${deputies}`,
    numbers: {
      secretaries,
      deputies,
      requiredSecretaries: policy.noCommitteeSecretaries,
      maxDeputies: policy.noCommitteeMaxDeputies,
    },
  });
}

/**
 * The outgoing committee decides on the election 1–2 months before it is due — RULES §D.1 (practice): the window
 * opens at due − `electionPrepLeadMax` and the decision is due by due − `electionPrepLeadMin`.
 */
export function electionPrepWindow(electionDueDate: string, policy: PolicyTable): { opens: string; dueBy: string } {
  return {
    opens: addToDate(electionDueDate, negateDuration(policy.electionPrepLeadMax)),
    dueBy: addToDate(electionDueDate, negateDuration(policy.electionPrepLeadMin)),
  };
}

export function checkElectionPrepTiming(
  decidedOn: string,
  electionDueDate: string,
  policy: PolicyTable,
): RuleViolation | null {
  const { dueBy } = electionPrepWindow(electionDueDate, policy);
  if (compareInstants(decidedOn, dueBy) <= 0) return null;
  return violation({
    code: 'ELECTION_PREPARATION_LATE',
    kind: 'rule',
    rule: 'RULES §D.1',
    message: `换届选举应于届满（${electionDueDate}）前1至2个月作出决定并请示，最迟${dueBy}，实际${decidedOn}`,
    messageEn: `the outgoing committee decides on the election 1–2 months before it is due (${electionDueDate}), by ${dueBy}; decided ${decidedOn}`,
    numbers: { electionDue: electionDueDate, dueBy, decidedOn },
  });
}
