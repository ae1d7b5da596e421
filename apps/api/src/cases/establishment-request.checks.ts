import { Injectable } from '@nestjs/common';
import type { Actor, EstablishmentInput, EstablishmentRequest } from '../../../../libs/contracts';
import { RegistryRepository } from '../../../../libs/db';
import {
  DomainRuleError,
  checkEstablishmentEligibility,
  checkFullMembersWithRights,
  checkRosterSource,
  checkSlateSurplus,
  type PolicyTable,
  type StatusByPerson,
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
    // RULES §A.1: only full members with rights on the roster may stand (one rule with appointments, contacts and
    // introducers); a candidate outside the roster has no membership here.
    const roster = await this.registry.rosterAsOf(request.rosterPersonIds, today);
    const statusOnRoster = new Map(roster.map((m) => [m.personId, m.status] as const));
    const statuses: StatusByPerson = {};
    for (const c of request.slate) {
      statuses[c.personId] = request.rosterPersonIds.includes(c.personId)
        ? (statusOnRoster.get(c.personId) ?? null)
        : null;
    }
    const names = Object.fromEntries(request.slate.map((c) => [c.personId, c.name]));
    const notEligible = checkFullMembersWithRights('slateCandidate', statuses, names);
    if (notEligible) throw new DomainRuleError(notEligible);
    return { full: counts.full, probationary: counts.probationary, total: counts.total };
  }
}
