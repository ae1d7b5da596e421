import {
  checkByElectionSlate,
  checkElectionQuorum,
  checkSlateSurplus,
  computeEntitledVoters,
  DomainRuleError,
  getPolicy,
  minCandidates,
  winnerThreshold,
  withOverrides,
} from '../../../libs/domain';

const policy = getPolicy();
const lenient = withOverrides(policy, { quorumAllowExactly: true });

describe('candidate surplus (RULES §D.2)', () => {
  it.each([
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 9],
    [9, 11],
    [10, 12],
    [15, 18],
    [21, 26],
  ])('%d seats need at least %d candidates', (seats, min) => {
    expect(minCandidates(seats, policy)).toBe(min);
    expect(checkSlateSurplus(seats, min, policy)).toBeNull();
    const v = checkSlateSurplus(seats, min - 1, policy);
    expect(v).toMatchObject({
      code: 'SLATE_SURPLUS',
      kind: 'rule',
      rule: 'RULES §D.2',
      numbers: { seats, required: min },
    });
    expect(v?.messageEn).toBe(
      `slate: ${min - 1} candidates for ${seats} seats, at least ${min} required (20% surplus)`,
    );
  });

  it.each([0, -1, 2.5])('rejects %d seats as invalid input', (seats) => {
    expect(() => minCandidates(seats, policy)).toThrow(DomainRuleError);
    // the checks answer it instead of throwing (RULES §0.2: 400 INVALID_SEATS)
    const invalidSeats = { code: 'INVALID_SEATS', kind: 'invalid', numbers: { seats: String(seats) } };
    expect(checkSlateSurplus(seats, 3, policy)).toMatchObject(invalidSeats);
    expect(checkByElectionSlate(seats, 3, policy)).toMatchObject(invalidSeats);
  });

  it('by-elections accept 等额 by default and 差额 when configured (RULES §G.2 row 6)', () => {
    expect(checkByElectionSlate(2, 2, policy)).toBeNull();
    expect(checkByElectionSlate(2, 1, policy)?.code).toBe('SLATE_TOO_SHORT');
    const surplus = withOverrides(policy, { byElectionMode: 'surplus' });
    expect(checkByElectionSlate(2, 2, surplus)?.code).toBe('SLATE_SURPLUS');
    expect(checkByElectionSlate(2, 3, surplus)).toBeNull();
  });
});

describe('entitled voters (RULES §D.3)', () => {
  it('only full members are due; approved exclusions leave N_due; duplicates count once', () => {
    const r = computeEntitledVoters(
      [
        { personId: 'a', status: 'full' },
        { personId: 'b', status: 'probationary' },
        { personId: 'c', status: 'partyProbation' },
        { personId: 'd', status: 'rightsSuspended' },
        { personId: 'e', status: 'full' },
        { personId: 'f', status: 'full' },
        { personId: 'a', status: 'full' },
      ],
      ['e', 'b', 'zz'],
    );
    expect(r).toEqual({ dueIds: ['a', 'f'], noRightIds: ['b', 'c', 'd'], excludedIds: ['e'] });
  });
});

describe('election quorum (RULES §D.3, H-2)', () => {
  it.each([
    [19, 15, false, 16],
    [19, 16, true, 16],
    [20, 16, false, 17],
    [20, 17, true, 17],
    [16, 12, false, 13],
    [16, 13, true, 13],
    [5, 4, false, 5],
    [5, 5, true, 5],
    [0, 0, false, 1],
  ])('strict: %d due, %d present → met %s (needs %d)', (due, present, met, required) => {
    const r = checkElectionQuorum(due, present, policy);
    expect([r.met, r.required, r.exactlyAllowedUsed]).toEqual([met, required, false]);
    expect(r.violation === null).toBe(met);
  });

  it('failure message carries the numbers', () => {
    const r = checkElectionQuorum(19, 15, policy);
    expect(r.violation).toMatchObject({ code: 'QUORUM_NOT_MET', kind: 'rule', rule: 'RULES §D.3' });
    expect(r.violation?.messageEn).toBe('quorum: 15 of 19 due present, more than 4/5 required (16)');
    expect(r.violation?.message).toContain('应到会19人，实到会15人');
    expect(r.explanationEn).toBe('quorum: 15 of 19 due present, more than 4/5 required (16)');
    expect(checkElectionQuorum(19, 16, policy).explanationEn).toBe(
      'quorum: 16 of 19 due present, more than 4/5 required (16): met',
    );
  });

  it.each([
    [20, 16, true, 16, true],
    [20, 15, false, 16, false],
    [20, 17, true, 16, false],
    [19, 16, true, 16, false],
    [19, 15, false, 16, false],
  ])(
    'exactly-4/5 toggle: %d due, %d present → met %s (needs %d), toggle used %s',
    (due, present, met, required, used) => {
      const r = checkElectionQuorum(due, present, lenient);
      expect([r.met, r.required, r.exactlyAllowedUsed]).toEqual([met, required, used]);
      if (used) expect(r.explanationEn).toContain('RULES H-2');
    },
  );

  it('present above due is invalid input, not a quorum', () => {
    const r = checkElectionQuorum(10, 11, policy);
    expect(r.met).toBe(false);
    expect(r.violation).toMatchObject({ code: 'PRESENT_EXCEEDS_DUE', kind: 'invalid' });
  });

  it.each([
    // [due, present, the count named] — RULES §D.3 counts are non-negative integers (RULES §0.2: 400 INVALID_COUNT)
    [-1, 0, 'due'],
    [10.5, 9, 'due'],
    [10, -2, 'present'],
    [10, Number.NaN, 'present'],
  ])('%d due, %d present is invalid input naming %s, not a quorum', (due, present, field) => {
    const r = checkElectionQuorum(due, present, policy);
    expect(r.met).toBe(false);
    expect(r.violation).toMatchObject({ code: 'INVALID_COUNT', kind: 'invalid', numbers: { field } });
  });
});

describe('winner threshold (RULES §D.5)', () => {
  it.each([
    [14, 8],
    [15, 8],
    [16, 9],
    [1, 1],
    [0, 1],
  ])('%d present → at least %d for-votes', (present, threshold) => {
    expect(winnerThreshold(present, policy)).toBe(threshold);
  });
});
