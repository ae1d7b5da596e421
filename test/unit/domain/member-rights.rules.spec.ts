import {
  checkFullMembersWithRights,
  computeEntitledVoters,
  hasFullMemberRights,
  ineligibleCandidates,
  type FullMemberRole,
} from '../../../libs/domain';

// 正式党员 with rights intact (RULES §A.1, 选举条例2020 Art. 5): one function for every place that asks — slate
// candidates of a new organization (§C.1 C1, §D.2), appointees (§B.4), cultivation contacts (§E step 5), introducers
// (§E step 9) — and one predicate for voters and candidates.

describe('full member with rights intact (RULES §A.1)', () => {
  it.each([
    ['full', true],
    ['probationary', false], // 预备党员: no right to vote, elect or stand
    ['partyProbation', false], // 留党察看: loses the rights for the period
    ['rightsSuspended', false], // 留置 / arrest
    [null, false], // no membership here
  ])('status %p → %p', (status, expected) => {
    expect(hasFullMemberRights(status)).toBe(expected);
  });

  it.each<[FullMemberRole, string, string]>([
    ['slateCandidate', 'SLATE_CANDIDATE_NOT_ELIGIBLE', 'RULES §A.1, §D.2'],
    ['appointee', 'APPOINTEE_NOT_ELIGIBLE', 'RULES §A.1, §B.4'],
    ['contact', 'CONTACT_NOT_FULL_MEMBER', 'RULES §E step 5'],
    ['introducer', 'INTRODUCER_NOT_ELIGIBLE', 'RULES §E step 9'],
  ])('%s: every status but full is refused with %s (%s)', (role, code, rule) => {
    expect(checkFullMembersWithRights(role, { a: 'full', b: 'full' })).toBeNull();
    for (const status of ['probationary', 'partyProbation', 'rightsSuspended']) {
      expect(checkFullMembersWithRights(role, { a: 'full', b: status })).toMatchObject({
        code,
        kind: 'rule',
        rule,
        numbers: { personId: 'b', status, ineligible: 1 },
      });
    }
    expect(checkFullMembersWithRights(role, { a: null, b: 'probationary' })).toMatchObject({
      code,
      numbers: { personId: 'a', status: 'notMember', ineligible: 2 },
    });
  });

  it('names the person in both languages', () => {
    const v = checkFullMembersWithRights('slateCandidate', { p1: 'partyProbation' }, { p1: '王建国' })!;
    expect(v.message).toBe('委员候选人须为权利正常的正式党员：王建国（p1）为留党察看期间');
    expect(v.messageEn).toBe(
      'every candidate on the slate must be a full member with rights intact: 王建国 (p1) is partyProbation',
    );
  });

  it('voters and election candidates follow the same predicate (RULES §D.3)', () => {
    const roster = [
      { personId: 'f', status: 'full' as const },
      { personId: 'p', status: 'probationary' as const },
      { personId: 'x', status: 'partyProbation' as const },
      { personId: 's', status: 'rightsSuspended' as const },
    ];
    expect(computeEntitledVoters(roster, [])).toEqual({ dueIds: ['f'], noRightIds: ['p', 'x', 's'], excludedIds: [] });
    expect(ineligibleCandidates(['f', 'p', 'x', 's', 'n'], roster).map((b) => b.reason)).toEqual([
      'probationary',
      'partyProbation',
      'rightsSuspended',
      'notMember',
    ]);
  });
});
