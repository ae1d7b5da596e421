import { violation, type RuleViolation } from '../errors/rule-violation';

/** Where a person on a proposed roster is a member today. */
export interface RosterMembership {
  personId: string;
  name: string;
  orgId: string;
  orgName: string;
  /** 'proposed' | 'active' | 'dissolved' */
  orgStatus: string;
}

/**
 * RULES §A.1, §C.1 (C1) with 党章 Art. 8 (every member belongs to one basic organization): a new organization's roster
 * takes members from its superior organization (members registered there directly) or members of no active
 * organization. A member of another active organization stays there: moving them is a transfer of membership
 * (组织关系转接) approved by both sides, never a side effect of someone else's establishment, which would leave that
 * organization below its minimum.
 */
export function checkRosterSource(
  memberships: readonly RosterMembership[],
  superiorOrgId: string,
): RuleViolation | null {
  const elsewhere = memberships.filter((m) => m.orgStatus === 'active' && m.orgId !== superiorOrgId);
  if (elsewhere.length === 0) return null;
  const named = elsewhere.slice(0, 5);
  const more = elsewhere.length > named.length ? `等${elsewhere.length}人` : '';
  return violation({
    code: 'ROSTER_MEMBER_OF_OTHER_ORG',
    kind: 'rule',
    rule: 'RULES §A.1, §C.1 (C1)',
    message:
      `名册中${named.map((m) => `${m.name}（${m.orgName}）`).join('、')}${more}是其他党组织的党员，` +
      '须先办理组织关系转接，不能随新成立组织转入',
    messageEn:
      `${elsewhere.length} on the roster belong to another active organization ` +
      `(${named.map((m) => `${m.personId} at ${m.orgId}`).join(', ')}); transfer their membership first`,
    numbers: {
      count: elsewhere.length,
      personIds: elsewhere.map((m) => m.personId).join(','),
      orgIds: [...new Set(elsewhere.map((m) => m.orgId))].join(','),
    },
  });
}
