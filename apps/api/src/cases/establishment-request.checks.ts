import { Injectable } from '@nestjs/common';
import type { Actor, EstablishmentInput, EstablishmentRequest } from '../../../../libs/contracts';
import { RegistryRepository } from '../../../../libs/db';
import {
  DomainRuleError,
  checkEstablishmentEligibility,
  checkRosterSource,
  checkSlateSurplus,
  violation,
  type PolicyTable,
} from '../../../../libs/domain';
import { RegistryAccess } from '../registry/registry-access.service';

export type RosterCounts = EstablishmentInput['rosterCounts'];

/**
 * The registry-backed checks of a 请示报告, shared by the first submission (C1) and every revision (C3): the roster is
 * counted from the registry, never taken from the client, and the thresholds, the slate surplus and the candidates'
 * standing are checked on those counts. Violations are thrown as DomainRuleError (422).
 */
@Injectable()
export class EstablishmentRequestChecks {
  constructor(
    private readonly registry: RegistryRepository,
    private readonly access: RegistryAccess,
  ) {}

  async rosterCountsChecked(
    actor: Actor,
    request: EstablishmentRequest,
    policy: PolicyTable,
    today: string,
  ): Promise<RosterCounts> {
    // RULES §A.1, §C.1 (C1): members of another active organization are not taken over by this one; their names and
    // organizations only to a caller who may read their records (issue 8 §4)
    const source = checkRosterSource(
      await this.registry.membershipsOf(request.rosterPersonIds, today),
      request.parentOrgId,
    );
    const visible = await this.access.withinScope(actor, source, today);
    if (visible) throw new DomainRuleError(visible);
    const counts = await this.registry.countMembers(request.rosterPersonIds, today);

    // RULES §B.1, §C.1 (C1): thresholds on registry counts, never on numbers typed by the submitter.
    const eligibility = checkEstablishmentEligibility(
      {
        proposedType: request.proposedType,
        fullMembers: counts.full,
        probationaryMembers: counts.probationary,
        committeeSeats: request.committeeSeats,
        coveredUnits: request.coveredUnits.length,
        belowThresholdJustification: request.belowThresholdJustification,
      },
      policy,
    );
    const [firstViolation] = eligibility.violations;
    if (firstViolation) throw new DomainRuleError(firstViolation);

    // RULES §C.1 (C4), §D.2: the founding slate is 差额 (≥ 20% surplus over the seats).
    if (request.committeeSeats > 0) {
      const surplus = checkSlateSurplus(request.committeeSeats, request.slate.length, policy);
      if (surplus) throw new DomainRuleError(surplus);
    }
    // RULES §A.1: only full members on the roster may stand.
    const roster = await this.registry.rosterAsOf(request.rosterPersonIds, today);
    const fullOnRoster = new Set(roster.filter((m) => m.status === 'full').map((m) => m.personId));
    const notEligible = request.slate.find(
      (c) => !request.rosterPersonIds.includes(c.personId) || !fullOnRoster.has(c.personId),
    );
    if (notEligible) {
      throw new DomainRuleError(
        violation({
          code: 'SLATE_CANDIDATE_NOT_ELIGIBLE',
          kind: 'rule',
          rule: 'RULES §A.1, §D.2',
          message: `候选人${notEligible.name}（${notEligible.personId}）不是名册中的正式党员，不能作为候选人`,
          messageEn: `candidate ${notEligible.name} (${notEligible.personId}) is not a full member on the roster`,
          numbers: { personId: notEligible.personId },
        }),
      );
    }
    return { full: counts.full, probationary: counts.probationary, total: counts.total };
  }
}
