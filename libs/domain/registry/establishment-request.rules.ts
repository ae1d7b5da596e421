import { violation, type RuleViolation } from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';
import { checkSlateSurplus } from '../election/slate.rules';
import { checkEstablishmentEligibility, type EligibilityInput } from './eligibility.rules';
import {
  checkGeneralBranchDisciplineMember,
  checkProjectBranchDuration,
  checkStandingMembers,
} from './committee.rules';

/** The parts of a 请示报告 its rules read, with the roster counted from the registry (never typed by the client). */
export interface EstablishmentRequestFacts extends EligibilityInput {
  positions: readonly string[];
  slateSize: number;
  /** a branch set up for a work project: the project's planned start and end (RULES §B.1) */
  workProject?: { start: string; end: string };
  /** an organ committee with a standing committee: its standing seats (RULES §B.1) */
  standingSeats?: number;
}

/**
 * Every rule a 请示报告 must meet at submission (C1) and at each revision (C3), in the order a clerk fixes them:
 * thresholds and committee size (RULES §B.1, §C.1), the general branch's discipline member (机关条例2019 Art. 9), a
 * project branch's six months (支部条例), standing members at most half of an organ committee, the founding slate's
 * surplus (RULES §D.2). One function for the API and the workflow's validator, so both refuse with the same rule.
 */
export function checkEstablishmentRequest(facts: EstablishmentRequestFacts, policy: PolicyTable): RuleViolation | null {
  const eligibility = checkEstablishmentEligibility(facts, policy);
  if (eligibility.violations[0]) return eligibility.violations[0];
  const discipline = checkGeneralBranchDisciplineMember(facts.proposedType, facts.positions);
  if (discipline) return discipline;
  if (facts.workProject) {
    const project = checkProjectBranchDuration(facts.workProject.start, facts.workProject.end, policy);
    if (project) return project;
  }
  if (facts.standingSeats !== undefined && facts.standingSeats > 0) {
    if (facts.proposedType !== 'organCommittee') {
      return violation({
        code: 'STANDING_COMMITTEE_ORGAN_ONLY',
        kind: 'rule',
        rule: 'RULES §B.1',
        message: `只有机关党委可设常务委员会，所填常委${facts.standingSeats}名不适用`,
        messageEn: `only an organ committee has a standing committee; ${facts.standingSeats} standing seats do not apply to a ${facts.proposedType}`,
        numbers: { standingSeats: facts.standingSeats, proposedType: facts.proposedType },
      });
    }
    const standing = checkStandingMembers(facts.standingSeats, facts.committeeSeats, policy);
    if (standing) return standing;
  }
  return facts.committeeSeats > 0 ? checkSlateSurplus(facts.committeeSeats, facts.slateSize, policy) : null;
}
