import { violation, type RuleViolation } from '../errors/rule-violation';
import type { PolicyTable, SeatRange } from '../policy/policy-table';
import { minCandidates } from '../election/slate.rules';

export type EstablishableType = 'organCommittee' | 'generalBranch' | 'branch' | 'jointBranch' | 'temporaryBranch';

export interface EligibilityInput {
  proposedType: EstablishableType;
  fullMembers: number;
  probationaryMembers: number;
  /** 0 = no committee (a branch with a secretary and at most one deputy) */
  committeeSeats: number;
  /** joint branch: number of units covered */
  coveredUnits: number;
  /** reason of work for a general branch below 50 or an organ committee below 100 members (needs upper approval) */
  belowThresholdJustification?: string;
}

export interface EligibilityResult {
  eligible: boolean;
  hasCommittee: boolean;
  violations: RuleViolation[];
  warnings: RuleViolation[];
  justificationUsed: boolean;
  /** a type that fits better, when the proposed one fails or is outgrown */
  suggestedType: EstablishableType | null;
  /** the count used for the 50/100 thresholds (RULES H-1) */
  memberCount: number;
}

const TYPE_ZH: Record<EstablishableType, string> = {
  organCommittee: '机关党委',
  generalBranch: '党总支',
  branch: '党支部',
  jointBranch: '联合党支部',
  temporaryBranch: '临时党支部',
};

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** The member count for the 50/100 thresholds: all members, or full members only when H-1 is switched off. */
export function memberCountForThresholds(
  fullMembers: number,
  probationaryMembers: number,
  policy: PolicyTable,
): number {
  return policy.countProbationaryForMemberThresholds ? fullMembers + probationaryMembers : fullMembers;
}

/** The type a unit of this size falls into by default (RULES §B.1), ignoring justifications. */
export function defaultTypeFor(fullMembers: number, memberCount: number, policy: PolicyTable): EstablishableType {
  if (memberCount >= policy.organCommitteeMinMembers) return 'organCommittee';
  if (memberCount >= policy.generalBranchMinMembers) return 'generalBranch';
  if (fullMembers >= policy.branchMinFullMembers) return 'branch';
  return 'jointBranch';
}

/**
 * C1 eligibility check for a new organization — RULES §B.1, §C.1 (C1), §D.2 (founding slate must be 差额).
 * The 3/7 thresholds count full members; 50/100 count members per H-1.
 */
export function checkEstablishmentEligibility(input: EligibilityInput, policy: PolicyTable): EligibilityResult {
  const violations: RuleViolation[] = [];
  const warnings: RuleViolation[] = [];
  const { proposedType, fullMembers, probationaryMembers, committeeSeats, coveredUnits } = input;

  for (const [field, value] of Object.entries({ fullMembers, probationaryMembers, committeeSeats, coveredUnits })) {
    if (!isCount(value)) {
      violations.push(
        violation({
          code: 'INVALID_COUNT',
          kind: 'invalid',
          rule: 'RULES §C.2',
          message: `${field}须为非负整数，实际为${String(value)}`,
          messageEn: `${field} must be a non-negative integer, got ${String(value)}`,
          numbers: { field, value: String(value) },
        }),
      );
    }
  }
  if (violations.length > 0) {
    return {
      eligible: false,
      hasCommittee: false,
      violations,
      warnings,
      justificationUsed: false,
      suggestedType: null,
      memberCount: 0,
    };
  }

  const memberCount = memberCountForThresholds(fullMembers, probationaryMembers, policy);
  const justification = input.belowThresholdJustification?.trim() ?? '';
  let justificationUsed = false;
  let suggestedType: EstablishableType | null = null;
  let hasCommittee = false;
  const countBasisEn = policy.countProbationaryForMemberThresholds ? 'members (full + probationary)' : 'full members';
  const countBasisZh = policy.countProbationaryForMemberThresholds ? '党员（含预备党员）' : '正式党员';

  const requireMinFull = (rule: string) => {
    if (fullMembers < policy.branchMinFullMembers) {
      violations.push(
        violation({
          code: 'ELIGIBILITY_MIN_FULL_MEMBERS',
          kind: 'rule',
          rule,
          message: `${TYPE_ZH[proposedType]}须有正式党员${policy.branchMinFullMembers}人以上，现有${fullMembers}人；不足${policy.branchMinFullMembers}人的单位应成立联合党支部`,
          messageEn: `${proposedType}: ${fullMembers} full members, at least ${policy.branchMinFullMembers} required; units short of ${policy.branchMinFullMembers} combine into a joint branch`,
          numbers: { fullMembers, required: policy.branchMinFullMembers },
        }),
      );
      suggestedType = proposedType === 'jointBranch' ? null : 'jointBranch';
    }
  };

  const belowMembers = (min: number, rule: string, fallback: EstablishableType) => {
    if (memberCount >= min) return;
    if (justification.length > 0) {
      justificationUsed = true;
      warnings.push(
        violation({
          code: 'ELIGIBILITY_BELOW_THRESHOLD_JUSTIFIED',
          kind: 'rule',
          rule,
          message: `${TYPE_ZH[proposedType]}一般须有${countBasisZh}${min}人以上，现有${memberCount}人；因工作需要设立，须经上级党组织批准`,
          messageEn: `${proposedType}: ${memberCount} ${countBasisEn}, normally at least ${min}; allowed for work reasons only with upper approval`,
          numbers: { memberCount, required: min },
        }),
      );
      return;
    }
    violations.push(
      violation({
        code: 'ELIGIBILITY_MIN_MEMBERS',
        kind: 'rule',
        rule,
        message: `${TYPE_ZH[proposedType]}须有${countBasisZh}${min}人以上，现有${memberCount}人；低于此数须说明工作需要并经上级批准`,
        messageEn: `${proposedType}: ${memberCount} ${countBasisEn}, at least ${min} required unless justified by work needs and approved by the upper organization`,
        numbers: { memberCount, required: min },
      }),
    );
    suggestedType = fallback;
  };

  const checkSeats = (kind: keyof PolicyTable['committeeSize'], range: SeatRange, alt?: SeatRange) => {
    const within = (r: SeatRange) => committeeSeats >= r.min && committeeSeats <= r.hardMax;
    const active = alt && within(alt) ? alt : range;
    if (!within(active)) {
      const altText = alt ? `; with a standing committee ${alt.min}–${alt.max} (at most ${alt.hardMax})` : '';
      const altZh = alt ? `；设常委会的为${alt.min}至${alt.max}人（最多${alt.hardMax}人）` : '';
      violations.push(
        violation({
          code: 'COMMITTEE_SIZE_OUT_OF_RANGE',
          kind: 'rule',
          rule: 'RULES §B.1',
          message: `${TYPE_ZH[proposedType]}委员会委员${committeeSeats}名，应为${range.min}至${range.max}名（最多${range.hardMax}名）${altZh}`,
          messageEn: `${proposedType} committee of ${committeeSeats} seats: ${range.min}–${range.max} required (at most ${range.hardMax})${altText}`,
          numbers: { committeeSeats, min: range.min, max: range.max, hardMax: range.hardMax },
        }),
      );
      return;
    }
    if (committeeSeats > active.max) {
      warnings.push(
        violation({
          code: 'COMMITTEE_SIZE_ABOVE_NORMAL',
          kind: 'rule',
          rule: 'RULES §B.1',
          message: `委员会委员${committeeSeats}名，超过一般规模${active.max}名（最多${active.hardMax}名）`,
          messageEn: `committee of ${committeeSeats} seats is above the normal ${active.max} (at most ${active.hardMax})`,
          numbers: { committeeSeats, max: active.max, hardMax: active.hardMax, kind },
        }),
      );
    }
    // C4 / D.2: the founding slate must be 差额, and only full members can stand.
    const needed = minCandidates(committeeSeats, policy);
    if (fullMembers < needed) {
      violations.push(
        violation({
          code: 'SLATE_SURPLUS_IMPOSSIBLE',
          kind: 'rule',
          rule: 'RULES §D.2',
          message: `委员${committeeSeats}名须差额提名候选人至少${needed}名，但正式党员只有${fullMembers}人`,
          messageEn: `${committeeSeats} seats need at least ${needed} candidates (20% surplus), but there are only ${fullMembers} full members`,
          numbers: { committeeSeats, minCandidates: needed, fullMembers },
        }),
      );
    }
  };

  // Branch-like types: committee only with ≥ 7 full members (RULES §B.1); otherwise secretary and optional deputy.
  const branchCommittee = () => {
    if (committeeSeats === 0) {
      if (fullMembers >= policy.branchCommitteeMinFullMembers) {
        warnings.push(
          violation({
            code: 'BRANCH_COMMITTEE_EXPECTED',
            kind: 'rule',
            rule: 'RULES §B.1',
            message: `正式党员${fullMembers}人，达到${policy.branchCommitteeMinFullMembers}人以上，一般应设立支部委员会`,
            messageEn: `${fullMembers} full members (at least ${policy.branchCommitteeMinFullMembers}): a branch committee is expected`,
            numbers: { fullMembers, required: policy.branchCommitteeMinFullMembers },
          }),
        );
      }
      return;
    }
    if (fullMembers < policy.branchCommitteeMinFullMembers) {
      violations.push(
        violation({
          code: 'ELIGIBILITY_COMMITTEE_MIN_FULL_MEMBERS',
          kind: 'rule',
          rule: 'RULES §B.1',
          message: `设立支部委员会须有正式党员${policy.branchCommitteeMinFullMembers}人以上，现有${fullMembers}人；应不设委员会，设书记1名，必要时设副书记1名`,
          messageEn: `a branch committee needs at least ${policy.branchCommitteeMinFullMembers} full members, got ${fullMembers}; elect a secretary (and a deputy if needed) instead`,
          numbers: { fullMembers, required: policy.branchCommitteeMinFullMembers, committeeSeats },
        }),
      );
      return;
    }
    hasCommittee = true;
    checkSeats('branch', policy.committeeSize.branch);
  };

  const aboveTypicalBranch = () => {
    if (memberCount > policy.branchTypicalMaxMembers) {
      warnings.push(
        violation({
          code: 'BRANCH_ABOVE_TYPICAL_SIZE',
          kind: 'rule',
          rule: 'RULES §B.1',
          message: `党支部一般不超过${policy.branchTypicalMaxMembers}人，现有${memberCount}人，可考虑成立党总支`,
          messageEn: `a branch usually has at most ${policy.branchTypicalMaxMembers} members, got ${memberCount}; consider a general branch`,
          numbers: { memberCount, typicalMax: policy.branchTypicalMaxMembers },
        }),
      );
      suggestedType = defaultTypeFor(fullMembers, memberCount, policy);
    }
  };

  switch (proposedType) {
    case 'branch':
      requireMinFull('RULES §B.1, §C.1 (C1)');
      branchCommittee();
      aboveTypicalBranch();
      break;
    case 'jointBranch':
      requireMinFull('RULES §B.1');
      if (coveredUnits > policy.jointBranchMaxUnits) {
        violations.push(
          violation({
            code: 'JOINT_BRANCH_MAX_UNITS',
            kind: 'rule',
            rule: 'RULES §B.1',
            message: `联合党支部覆盖单位一般不超过${policy.jointBranchMaxUnits}个，现为${coveredUnits}个`,
            messageEn: `a joint branch covers at most ${policy.jointBranchMaxUnits} units, got ${coveredUnits}`,
            numbers: { coveredUnits, max: policy.jointBranchMaxUnits },
          }),
        );
      } else if (coveredUnits < 2) {
        warnings.push(
          violation({
            code: 'JOINT_BRANCH_FEW_UNITS',
            kind: 'rule',
            rule: 'RULES §B.1',
            message: `联合党支部应由两个以上单位联合组成，现列明${coveredUnits}个单位`,
            messageEn: `a joint branch combines two or more units, ${coveredUnits} listed`,
            numbers: { coveredUnits },
          }),
        );
      }
      branchCommittee();
      aboveTypicalBranch();
      break;
    case 'temporaryBranch':
      requireMinFull('RULES §B.1');
      if (committeeSeats > 0) {
        warnings.push(
          violation({
            code: 'TEMPORARY_BRANCH_LEADERS_DESIGNATED',
            kind: 'rule',
            rule: 'RULES §B.1',
            message: `临时党支部的负责人由上级指定，不进行选举；所填委员${committeeSeats}名不适用`,
            messageEn: `a temporary branch's leaders are designated, not elected; the ${committeeSeats} committee seats do not apply`,
            numbers: { committeeSeats },
          }),
        );
      }
      break;
    case 'generalBranch':
      belowMembers(
        policy.generalBranchMinMembers,
        'RULES §B.1 (机关条例2019 Art. 6)',
        fullMembers >= policy.branchMinFullMembers ? 'branch' : 'jointBranch',
      );
      if (memberCount > policy.generalBranchMaxMembers) {
        warnings.push(
          violation({
            code: 'GENERAL_BRANCH_ABOVE_RANGE',
            kind: 'rule',
            rule: 'RULES §B.1',
            message: `党总支一般为${policy.generalBranchMinMembers}至${policy.generalBranchMaxMembers}人，现有${memberCount}人，达到成立机关党委的条件`,
            messageEn: `a general branch has ${policy.generalBranchMinMembers}–${policy.generalBranchMaxMembers} members, got ${memberCount}; an organ committee fits`,
            numbers: { memberCount, max: policy.generalBranchMaxMembers },
          }),
        );
        suggestedType = 'organCommittee';
      }
      hasCommittee = true;
      checkSeats('generalBranch', policy.committeeSize.generalBranch);
      break;
    case 'organCommittee':
      belowMembers(
        policy.organCommitteeMinMembers,
        'RULES §B.1 (机关条例2019 Art. 5)',
        defaultTypeFor(fullMembers, Math.min(memberCount, policy.organCommitteeMinMembers - 1), policy),
      );
      if (memberCount >= policy.delegateCongressThreshold) {
        warnings.push(
          violation({
            code: 'DELEGATE_CONGRESS_POSSIBLE',
            kind: 'rule',
            rule: 'RULES §B.1 (选举条例2020 Art. 4)',
            message: `党员${memberCount}人，达到${policy.delegateCongressThreshold}人，经批准可召开党员代表大会进行选举`,
            messageEn: `${memberCount} members (at least ${policy.delegateCongressThreshold}): the election may use a delegate congress with upper approval`,
            numbers: { memberCount, threshold: policy.delegateCongressThreshold },
          }),
        );
      }
      hasCommittee = true;
      checkSeats(
        'organCommittee',
        policy.committeeSize.organCommittee,
        policy.committeeSize.organCommitteeWithStanding,
      );
      break;
  }

  const eligible = violations.length === 0;
  return {
    eligible,
    hasCommittee: eligible && hasCommittee,
    violations,
    warnings,
    justificationUsed,
    suggestedType,
    memberCount,
  };
}

/**
 * Smallest committee a type may have (RULES §B.1, §G committee sizes): the floor for a seat reduction or a
 * shortfall (RULES §D.5). Joint and temporary branches follow the branch sizes.
 */
export function minCommitteeSize(type: EstablishableType, policy: PolicyTable): number {
  if (type === 'generalBranch') return policy.committeeSize.generalBranch.min;
  if (type === 'organCommittee') return policy.committeeSize.organCommittee.min;
  return policy.committeeSize.branch.min;
}

/**
 * Fields a revision of the 请示报告 (C3, 退回修改) may not change: the superior organization and the department fixed
 * the case's place in the tree, its approvers and its party group's decision (C2) — RULES §C.1 (C3).
 */
export const REVISION_FIXED_FIELDS = ['parentOrgId', 'departmentId'] as const;

type FixedFields = { [K in (typeof REVISION_FIXED_FIELDS)[number]]?: string };

/**
 * A revised request keeps the fixed fields of the one under review — RULES §C.1 (C3): a change is refused (422
 * REVISION_FIXED_FIELD naming the field, the old and the new value); withdraw and submit anew to move the case. One
 * check for the API and the workflow's validator, so both answer with the same code and status.
 */
export function checkRevisionFixedFields(current: FixedFields, revised: FixedFields): RuleViolation | null {
  for (const field of REVISION_FIXED_FIELDS) {
    const was = current[field];
    const now = revised[field];
    if (was === undefined || was === now) continue;
    return violation({
      code: 'REVISION_FIXED_FIELD',
      kind: 'rule',
      rule: 'RULES §C.1 (C3)',
      message: `修改请示报告不能变更${field}（原为${was}，改为${now ?? '空'}）；如需变更请撤回后重新提交`,
      messageEn: `a revision may not change ${field} (was ${was}, now ${now ?? 'none'}); withdraw and submit anew`,
      numbers: { field, was, now: now ?? '' },
    });
  }
  return null;
}
