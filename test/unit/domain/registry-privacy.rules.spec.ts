import {
  PERSON_NOT_ELIGIBLE,
  checkFullMembersWithRights,
  checkNotYetMember,
  checkRosterSource,
  personIdsNamedBy,
  withheldPersonRefusal,
} from '../../../libs/domain';

describe('registry refusals about people outside the caller scope (RULES §H.15, issue 8 §4)', () => {
  const member = checkNotYetMember('p-1', { orgId: 'org-fin-treasury-br', status: 'rightsSuspended' })!;
  const contact = checkFullMembersWithRights('contact', { 'p-2': 'partyProbation' })!;
  const roster = checkRosterSource(
    [
      { personId: 'p-3', name: '张三', orgId: 'org-a', orgName: '甲支部', orgStatus: 'active' },
      { personId: 'p-4', name: '李四', orgId: 'org-b', orgName: '乙支部', orgStatus: 'active' },
    ],
    'org-parent',
  )!;

  it('reads the people a refusal names, one or several', () => {
    expect(personIdsNamedBy(member)).toEqual(['p-1']);
    expect(personIdsNamedBy(contact)).toEqual(['p-2']);
    expect(personIdsNamedBy(roster)).toEqual(['p-3', 'p-4']);
    expect(personIdsNamedBy({ ...member, numbers: { orgId: 'org-x' } })).toEqual([]);
  });

  it('answers every reason with one neutral refusal: the ids the caller gave, the step rule, no status or organization', () => {
    const answers = [member, contact, roster].map((v) => withheldPersonRefusal(v, personIdsNamedBy(v)));
    for (const [i, v] of answers.entries()) {
      expect(v).toMatchObject({ code: PERSON_NOT_ELIGIBLE, kind: 'rule', rule: [member, contact, roster][i]!.rule });
      const text = JSON.stringify(v);
      for (const secret of ['rightsSuspended', 'partyProbation', 'org-fin', 'org-a', '甲支部', '张三', '留党察看']) {
        expect(text).not.toContain(secret);
      }
      expect(v.messageEn).toMatch(/outside your scope/);
    }
    expect(answers[2]!.numbers).toEqual({ personIds: 'p-3,p-4', count: 2 });
    expect(answers[2]!.messageEn).toMatch(/^p-3, p-4 do not meet/);
    expect(answers[0]!.message).toContain('p-1');
  });
});
