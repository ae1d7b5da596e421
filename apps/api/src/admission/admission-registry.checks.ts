import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { RegistryRepository, memberships, type Database, type OrgRecord } from '../../../../libs/db';
import {
  DomainRuleError,
  admissionApprovers,
  checkApplicationOrganization,
  checkNotYetMember,
  checkOrgCanAdmit,
  computeEntitledVoters,
  violation,
  type StatusByPerson,
} from '../../../../libs/domain';
import type { Actor } from '../../../../libs/contracts';
import { DATABASE } from '../api-settings';
import { ApiError } from '../common/api-error';
import { RegistryAccess } from '../registry/registry-access.service';
import { orgNotFound } from '../terms/org-case.context';
import { refuse } from './refuse';

/** Where a development case sits in the tree and who approves it there (RULES §A.3, H-8). */
export interface AdmissionOrgContext {
  org: OrgRecord;
  /** org first, root last */
  orgPath: string[];
  upperCommitteeId: string;
  partyGroupBodyId: string | null;
}

/** Registry facts of member development (RULES §E), checked with the pure rules of libs/domain. */
@Injectable()
export class AdmissionRegistryChecks {
  constructor(
    private readonly registry: RegistryRepository,
    @Inject(DATABASE) private readonly database: Database,
    private readonly access: RegistryAccess,
  ) {}

  /**
   * An organization that can hold a development case (H-16), with its path and approvers: the organ committee above
   * it, else the organs work committee, after the department party group (RULES §A.3).
   */
  async admittingOrg(orgId: string): Promise<AdmissionOrgContext> {
    const org = await this.registry.getOrg(orgId);
    if (!org) throw orgNotFound();
    refuse(checkOrgCanAdmit(org));
    const orgPath = await this.registry.orgPathOf(orgId);
    const ancestors = await this.registry.listOrgs({ ids: orgPath.slice(1) });
    const nearestFirst = orgPath.slice(1).map((id) => ({ id, type: ancestors.find((a) => a.id === id)?.type ?? '' }));
    const partyGroup = org.departmentId ? await this.registry.partyGroupOfDepartment(org.departmentId) : null;
    const { upperCommitteeId, partyGroupBodyId } = admissionApprovers(nearestFirst, partyGroup?.id ?? null);
    if (!upperCommitteeId) {
      throw new DomainRuleError(
        violation({
          code: 'UPPER_COMMITTEE_NOT_FOUND',
          kind: 'rule',
          rule: 'RULES §A.3',
          message: `${org.name}上级没有具有审批权限的党委`,
          messageEn: `no upper committee with approval authority above ${orgId}`,
          numbers: { orgId },
        }),
      );
    }
    return { org, orgPath, upperCommitteeId, partyGroupBodyId };
  }

  /**
   * The applicant as the registry knows them: name and birth date, not yet a member, at the right organization. A
   * member whose record `actor` may not read is refused without their status or organization (PERSON_NOT_ELIGIBLE).
   */
  async applicant(
    actor: Actor,
    personId: string,
    orgId: string,
    onDate: string,
  ): Promise<{ name: string; birthDate: string }> {
    const person = await this.registry.getPerson(personId);
    if (!person) throw ApiError.notFound('PERSON_NOT_FOUND', '未找到该人员', 'Person not found in the registry');
    const member = checkNotYetMember(personId, await this.membershipOn(personId, onDate));
    refuse(await this.access.withinScope(actor, member, onDate));
    refuse(checkApplicationOrganization(orgId, await this.homeOrganization(person.unitOrgId, orgId)));
    if (!person.birthDate) {
      throw new DomainRuleError(
        violation({
          code: 'BIRTH_DATE_MISSING',
          kind: 'rule',
          rule: 'RULES §E step 1',
          message: `登记信息中缺少${person.name}的出生日期，无法核对入党年龄要求`,
          messageEn: `the registry has no birth date for ${personId}; the age rule cannot be checked`,
          numbers: { personId },
        }),
      );
    }
    return { name: person.name, birthDate: person.birthDate };
  }

  /**
   * Registry status of each person on the date (null: no valid membership) — RULES §A.1. Refusals built from it go
   * through `RegistryAccess.withinScope` before they reach a caller.
   */
  async statusesOn(personIds: string[], onDate: string): Promise<StatusByPerson> {
    const roster = await this.registry.rosterAsOf(personIds, onDate);
    return Object.fromEntries(personIds.map((id) => [id, roster.find((m) => m.personId === id)?.status ?? null]));
  }

  /** Full members with voting rights of the organization on the date: probationary members do not vote (§E step 15). */
  async votingFullMembers(orgId: string, onDate: string): Promise<number> {
    // the election rule of who is due to vote, without the election-only exclusions (H-4)
    return computeEntitledVoters(await this.registry.rosterAsOf(orgId, onDate), []).dueIds.length;
  }

  /** The person's membership valid on the date, wherever it is held (since ≤ date < until). */
  private async membershipOn(personId: string, onDate: string): Promise<{ orgId: string; status: string } | null> {
    const [row] = await this.database.db
      .select({ orgId: memberships.orgId, status: memberships.status })
      .from(memberships)
      .where(
        and(
          eq(memberships.personId, personId),
          lte(memberships.since, onDate),
          or(isNull(memberships.until), gt(memberships.until, onDate)),
        ),
      )
      .orderBy(desc(memberships.since))
      .limit(1);
    return row ?? null;
  }

  /** The organization serving the person's work unit (所在单位党组织), when recorded and not the one applied to. */
  private async homeOrganization(
    unitOrgId: string | null,
    requestedOrgId: string,
  ): Promise<{ id: string; name: string } | null> {
    if (!unitOrgId || unitOrgId === requestedOrgId) return null;
    const unit = await this.registry.getOrg(unitOrgId);
    return unit ? { id: unit.id, name: unit.name } : null;
  }
}
