import { Injectable } from '@nestjs/common';
import { RegistryRepository, type OrgTermRecord } from '../../../../libs/db';
import { DomainRuleError, policyForOrganization, violation, type PolicyTable } from '../../../../libs/domain';
import { ApiError } from '../common/api-error';

/** What starting a case of an organization needs from the registry: its path, policy and deciding bodies. */
export interface OrgCaseContext {
  org: OrgTermRecord;
  /** org first, root last */
  orgPath: string[];
  policy: PolicyTable;
  partyGroupBodyId: string;
  /** RULES §A.3: the organs work committee, root of the org's path */
  workCommitteeBodyId: string;
}

export function orgNotFound(): ApiError {
  return ApiError.notFound('ORG_NOT_FOUND', '未找到该党组织', 'Organization not found');
}

/** The organization's own policy version (legacy profile per org), the current one when it names none (issue 10:
 * an unknown name is an error, POLICY_VERSION_UNKNOWN, never a silent fallback). */
export function policyOf(org: { policyVersion: string | null }): PolicyTable {
  return policyForOrganization(org.policyVersion);
}

@Injectable()
export class OrgCaseContexts {
  constructor(private readonly registry: RegistryRepository) {}

  async orgTerm(orgId: string): Promise<OrgTermRecord> {
    const org = await this.registry.getOrgTerm(orgId);
    if (!org) throw orgNotFound();
    return org;
  }

  /** An ACTIVE organization with a term, its department party group and the organs work committee above it. */
  async load(orgId: string): Promise<OrgCaseContext> {
    const org = await this.orgTerm(orgId);
    if (org.status !== 'active' || org.termEnd === null) {
      throw new ApiError(
        409,
        'ORG_NOT_ACTIVE',
        '该党组织不是正常运行的组织（无任期）',
        'The organization is not active with a term',
        {
          numbers: { orgId, status: org.status },
        },
      );
    }
    const orgPath = await this.registry.orgPathOf(orgId);
    const partyGroup = org.departmentId ? await this.registry.partyGroupOfDepartment(org.departmentId) : null;
    if (!partyGroup) {
      throw new DomainRuleError(
        violation({
          code: 'PARTY_GROUP_NOT_FOUND',
          kind: 'rule',
          rule: 'RULES §A.2, §A.3',
          message: `党组织${org.name}所在部门没有部门党组，无法进行党组决定`,
          messageEn: `the department of ${orgId} has no department party group to decide`,
          numbers: { orgId, departmentId: org.departmentId ?? '' },
        }),
      );
    }
    return {
      org,
      orgPath,
      policy: policyOf(org),
      partyGroupBodyId: partyGroup.id,
      workCommitteeBodyId: orgPath[orgPath.length - 1] ?? orgId,
    };
  }
}
