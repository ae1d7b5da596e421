import { checkRosterSource, type RosterMembership } from '../../../libs/domain';

const member = (personId: string, orgId: string, orgStatus = 'active'): RosterMembership => ({
  personId,
  name: `党员${personId}`,
  orgId,
  orgName: `组织${orgId}`,
  orgStatus,
});

describe('roster of a new organization (RULES §A.1, §C.1 C1: one basic organization per member)', () => {
  it.each([
    ['members registered at the superior organization', [member('p1', 'org-oc'), member('p2', 'org-oc')], null],
    [
      'members of a dissolved or still proposed organization',
      [member('p1', 'org-x', 'dissolved'), member('p2', 'org-y', 'proposed')],
      null,
    ],
    ['no memberships at all (the registry knows none)', [], null],
    [
      'one member of another active branch',
      [member('p1', 'org-oc'), member('p2', 'org-b1')],
      'ROSTER_MEMBER_OF_OTHER_ORG',
    ],
  ])('%s', (_what, memberships, code) => {
    expect(checkRosterSource(memberships, 'org-oc')?.code ?? null).toBe(code);
  });

  it('names the members and their organizations, in both languages, with the count', () => {
    const refused = checkRosterSource(
      Array.from({ length: 7 }, (_, i) => member(`p${i}`, i < 6 ? 'org-b1' : 'org-b2')),
      'org-oc',
    )!;
    expect(refused).toMatchObject({
      kind: 'rule',
      rule: 'RULES §A.1, §C.1 (C1)',
      numbers: { count: 7, orgIds: 'org-b1,org-b2' },
    });
    expect(refused.message).toContain('党员p0（组织org-b1）');
    expect(refused.message).toContain('等7人');
    expect(refused.messageEn).toContain('7 on the roster belong to another active organization');
  });
});
