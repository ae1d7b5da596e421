import { Injectable } from '@nestjs/common';
import {
  establishmentRequestFacts,
  type Actor,
  type EstablishmentInput,
  type EstablishmentRequest,
} from '../../../../libs/contracts';
import { RegistryRepository } from '../../../../libs/db';
import {
  DomainRuleError,
  checkEstablishmentRequest,
  checkFullMembersWithRights,
  checkRosterSource,
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

    // RULES §B.1, §C.1 (C1), §D.2: thresholds, committee, project and slate rules on registry counts, never on numbers
    // typed by the submitter — the same function as the workflow's C3 validator.
    const refused = checkEstablishmentRequest(establishmentRequestFacts(request, counts), policy);
    if (refused) throw new DomainRuleError(refused);
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
