import {
  byElectionSeats,
  checkCandidatesEligible,
  ineligibleCandidates,
  type RosterEntry,
  type VoterStatus,
} from '../../../libs/domain';

const roster: RosterEntry[] = [
  { personId: 'p-full', status: 'full' },
  { personId: 'p-full2', status: 'full' },
  { personId: 'p-prob', status: 'probationary' },
  { personId: 'p-susp', status: 'rightsSuspended' },
  { personId: 'p-lcck', status: 'partyProbation' },
];

describe('candidate eligibility (RULES §D.2, §D.3)', () => {
  it.each<[string, VoterStatus | 'notMember', boolean]>([
    ['p-full', 'full', true],
    ['p-prob', 'probationary', false],
    ['p-susp', 'rightsSuspended', false],
    ['p-lcck', 'partyProbation', false],
    ['p-elsewhere', 'notMember', false],
  ])('%s (%s): eligible %s', (id, reason, eligible) => {
    const v = checkCandidatesEligible([id], roster);
    if (eligible) {
      expect(v).toBeNull();
    } else {
      expect(v).toMatchObject({
        code: 'CANDIDATE_NOT_ELIGIBLE',
        kind: 'rule',
        rule: 'RULES §D.2',
        numbers: { count: 1, ineligible: `${id}:${reason}`, personIds: id },
      });
      expect(v?.messageEn).toContain(`${id} (${reason})`);
    }
  });

  it('lists every ineligible candidate in slate order and accepts an all-full slate', () => {
    expect(checkCandidatesEligible(['p-full', 'p-full2'], roster)).toBeNull();
    const v = checkCandidatesEligible(['p-lcck', 'p-full', 'x', 'p-prob', 'p-prob'], roster);
    expect(v?.numbers).toEqual({
      count: 3,
      ineligible: 'p-lcck:partyProbation,x:notMember,p-prob:probationary',
      personIds: 'p-lcck,x,p-prob',
    });
    expect(v?.message).toContain('留党察看');
    expect(v?.message).toContain('预备党员');
  });

  it('takes the first roster row for a person', () => {
    const dup: RosterEntry[] = [
      { personId: 'a', status: 'probationary' },
      { personId: 'a', status: 'full' },
    ];
    expect(ineligibleCandidates(['a'], dup)).toEqual([{ personId: 'a', reason: 'probationary' }]);
  });

  it('an empty roster makes every candidate a non-member', () => {
    expect(ineligibleCandidates(['a', 'b'], [])).toEqual([
      { personId: 'a', reason: 'notMember' },
      { personId: 'b', reason: 'notMember' },
    ]);
  });
});

describe('byElectionSeats (RULES §B.4, §D.8)', () => {
  it.each<[string[], number, boolean]>([
    [['committeeMember'], 1, false],
    [['committeeMember', 'committeeMember'], 2, false],
    [['secretary'], 1, true],
    [['deputySecretary'], 1, true],
    [['secretary', 'committeeMember', 'committeeMember'], 3, true],
    [['deputySecretary', 'secretary'], 2, true],
  ])('%j: %d seats, officers %s', (posts, seats, electOfficers) => {
    expect(byElectionSeats(posts.map((post) => ({ post })))).toEqual({ ok: true, value: { seats, electOfficers } });
  });

  it.each([
    // [case, vacancies, code, numbers] — RULES §B.4, §D.8: answered as 400, never thrown
    ['no vacancy', [], 'NO_VACANCIES', {}],
    [
      'a post that is not a committee post',
      [{ post: 'secretary' }, { post: 'chair' }],
      'INVALID_POST',
      { post: 'chair' },
    ],
  ])('needs at least one vacancy of a known post: %s', (_case, vacancies, code, numbers) => {
    expect(byElectionSeats(vacancies)).toEqual({
      ok: false,
      violation: expect.objectContaining({ code, kind: 'invalid', numbers }),
    });
  });
});
