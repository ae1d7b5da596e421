import {
  canReduceSeats,
  checkBallot,
  checkRoundInput,
  DomainRuleError,
  getPolicy,
  orderByStrokes,
  tallyRound,
  type Ballot,
  type BallotMark,
} from '../../../libs/domain';

const policy = getPolicy();
const slate = ['a', 'b', 'c', 'd'];
const ballot = (marks: Record<string, BallotMark>, writeIns: Ballot['writeIns'] = []): Ballot => ({ marks, writeIns });
const w = (replacesCandidateId: string, personId: string) => ({
  replacesCandidateId,
  personId,
  name: personId.toUpperCase(),
});
const repeat = (n: number, b: Ballot): Ballot[] => Array.from({ length: n }, () => b);

describe('ballot validity (RULES §D.4)', () => {
  it.each<[string, Ballot, string | null]>([
    ['three for, three seats', ballot({ a: 'for', b: 'for', c: 'for', d: 'against' }), null],
    ['all abstain (missing marks)', ballot({}), null],
    ['four for, three seats', ballot({ a: 'for', b: 'for', c: 'for', d: 'for' }), 'TOO_MANY_MARKS'],
    [
      'two for + two write-ins',
      ballot({ a: 'for', b: 'for', c: 'against', d: 'against' }, [w('c', 'x'), w('d', 'y')]),
      'TOO_MANY_MARKS',
    ],
    ['two for + one write-in after against', ballot({ a: 'for', b: 'for', c: 'against' }, [w('c', 'x')]), null],
    ['write-in after abstain', ballot({ a: 'for', c: 'abstain' }, [w('c', 'x')]), 'WRITE_IN_WITHOUT_AGAINST'],
    ['write-in with no mark', ballot({ a: 'for' }, [w('c', 'x')]), 'WRITE_IN_WITHOUT_AGAINST'],
    ['write-in after for', ballot({ c: 'for' }, [w('c', 'x')]), 'WRITE_IN_WITHOUT_AGAINST'],
    ['mark for someone off the slate', ballot({ z: 'for' }), 'UNKNOWN_CANDIDATE'],
    ['write-in replacing someone off the slate', ballot({}, [w('z', 'x')]), 'UNKNOWN_CANDIDATE'],
    ['two write-ins for one candidate', ballot({ c: 'against' }, [w('c', 'x'), w('c', 'y')]), 'DUPLICATE_WRITE_IN'],
    [
      'same person written in twice',
      ballot({ c: 'against', d: 'against' }, [w('c', 'x'), w('d', 'x')]),
      'DUPLICATE_WRITE_IN',
    ],
    ['writing in a slate candidate', ballot({ c: 'against' }, [w('c', 'a')]), 'DUPLICATE_WRITE_IN'],
  ])('%s → %s', (_label, b, reason) => {
    expect(checkBallot(b, slate, 3)).toEqual({ valid: reason === null, reason });
  });
});

describe('round tally (RULES §D.4, §D.5)', () => {
  it('winner needs more than half of those present: 7 of 14 fails, 8 passes', () => {
    const ballots = [
      ...repeat(7, ballot({ a: 'for', b: 'for', c: 'against' })),
      ...repeat(1, ballot({ a: 'for', c: 'for', b: 'against' })),
      ...repeat(6, ballot({ c: 'for', d: 'for', a: 'against', b: 'against' })),
    ];
    const t = tallyRound({ seats: 3, candidateIds: slate, presentVoters: 14, ballotsIssued: 14, ballots }, policy);
    expect(t.threshold).toBe(8);
    expect(t.counts.map((c) => [c.personId, c.forVotes])).toEqual([
      ['a', 8],
      ['b', 7],
      ['c', 7],
      ['d', 6],
    ]);
    expect(t.elected).toEqual(['a']);
    expect(t.shortfall).toBe(2);
    expect(t.tiedAtCutoff).toEqual([]);
    expect(t.explanationEn.join('\n')).toContain(
      'present voters 14: election needs more than half, at least 8 for-votes',
    );
    expect(t.explanationEn.join('\n')).toContain('shortfall: 2 seat(s) unfilled');
  });

  it('counts against and abstain per candidate, and invalid ballots stay in the threshold base (H-3)', () => {
    const ballots = [
      ...repeat(5, ballot({ a: 'for', b: 'against' })),
      ...repeat(4, ballot({ a: 'for', b: 'for', c: 'for', d: 'for' })), // too many marks
    ];
    const t = tallyRound({ seats: 2, candidateIds: slate, presentVoters: 9, ballotsIssued: 9, ballots }, policy);
    expect([t.validBallots, t.invalidBallots, t.threshold]).toEqual([5, 4, 5]);
    expect(t.counts.find((c) => c.personId === 'a')).toEqual({
      personId: 'a',
      forVotes: 5,
      againstVotes: 0,
      abstentions: 0,
      writeIn: false,
    });
    expect(t.counts.find((c) => c.personId === 'b')).toEqual({
      personId: 'b',
      forVotes: 0,
      againstVotes: 5,
      abstentions: 0,
      writeIn: false,
    });
    expect(t.counts.find((c) => c.personId === 'c')?.abstentions).toBe(5);
    expect(t.elected).toEqual(['a']);
    expect(t.explanationEn).toContain('invalid ballots 4: TOO_MANY_MARKS (RULES §D.4)');
  });

  it('elects in vote order up to the seats when more qualify', () => {
    const ballots = [
      ...repeat(6, ballot({ a: 'for', b: 'for' })),
      ...repeat(3, ballot({ a: 'for', c: 'for' })),
      ...repeat(1, ballot({ b: 'for', c: 'for' })),
    ];
    const t = tallyRound(
      { seats: 2, candidateIds: ['c', 'b', 'a'], presentVoters: 10, ballotsIssued: 10, ballots },
      policy,
    );
    expect(t.threshold).toBe(6);
    expect(t.counts.map((c) => c.forVotes)).toEqual([9, 7, 4]);
    expect(t.elected).toEqual(['a', 'b']);
    expect([t.shortfall, t.seatsForTieVote]).toEqual([0, 0]);
  });

  it('a tie at the cut-off leaves the last seat to a re-vote among the tied', () => {
    const ballots = [
      ...repeat(4, ballot({ a: 'for', b: 'for' })),
      ...repeat(4, ballot({ a: 'for', c: 'for' })),
      ...repeat(2, ballot({ a: 'for', d: 'for' })),
    ];
    const t = tallyRound({ seats: 2, candidateIds: slate, presentVoters: 10, ballotsIssued: 10, ballots }, policy);
    // threshold 6: only a (10) qualifies → shortfall, not a tie
    expect(t.elected).toEqual(['a']);
    expect(t.shortfall).toBe(1);

    const tied = [
      ...repeat(4, ballot({ a: 'for', b: 'for' })),
      ...repeat(4, ballot({ a: 'for', c: 'for' })),
      ...repeat(2, ballot({ b: 'for', c: 'for' })),
    ];
    const t2 = tallyRound(
      { seats: 2, candidateIds: slate, presentVoters: 10, ballotsIssued: 10, ballots: tied },
      policy,
    );
    expect(t2.counts.slice(0, 3).map((c) => [c.personId, c.forVotes])).toEqual([
      ['a', 8],
      ['b', 6],
      ['c', 6],
    ]);
    expect(t2.elected).toEqual(['a']);
    expect(t2.tiedAtCutoff).toEqual(['b', 'c']);
    expect([t2.seatsForTieVote, t2.shortfall]).toEqual([1, 0]);
  });

  it('tie for the last of three seats: the two above the tie are elected', () => {
    const ballots = [
      ...repeat(6, ballot({ a: 'for', b: 'for', c: 'for' })),
      ...repeat(3, ballot({ a: 'for', b: 'for', d: 'for' })),
    ];
    const t = tallyRound({ seats: 3, candidateIds: slate, presentVoters: 9, ballotsIssued: 9, ballots }, policy);
    // a 9, b 9, c 6, d 3; threshold 5 → a, b elected; c alone qualifies for the third seat
    expect(t.elected).toEqual(['a', 'b', 'c']);
    const tie = [
      ...repeat(6, ballot({ a: 'for', b: 'for', c: 'for' })),
      ...repeat(3, ballot({ a: 'for', b: 'for', d: 'for' })),
      ...repeat(3, ballot({ a: 'for', d: 'for' })),
    ];
    const t2 = tallyRound(
      { seats: 3, candidateIds: slate, presentVoters: 12, ballotsIssued: 12, ballots: tie },
      policy,
    );
    // a 12, b 9, c 6, d 6; threshold 7 → a, b; c and d under the threshold → shortfall 1, no tie vote
    expect([t2.elected, t2.tiedAtCutoff, t2.shortfall]).toEqual([['a', 'b'], [], 1]);
    const tie3 = [
      ...repeat(6, ballot({ a: 'for', b: 'for', c: 'for' })),
      ...repeat(6, ballot({ a: 'for', b: 'for', d: 'for' })),
      ...repeat(2, ballot({ a: 'for', c: 'for', d: 'for' })),
    ];
    const t3 = tallyRound(
      { seats: 3, candidateIds: slate, presentVoters: 14, ballotsIssued: 14, ballots: tie3 },
      policy,
    );
    expect([t3.elected, t3.tiedAtCutoff, t3.seatsForTieVote, t3.shortfall]).toEqual([['a', 'b'], ['c', 'd'], 1, 0]);
    expect(t3.counts.map((c) => c.forVotes)).toEqual([14, 12, 8, 8]);
    expect(t3.explanationEn.join('\n')).toContain('tie at the cut-off: c, d for the last 1 seat(s)');
  });

  it('write-ins are counted as for-votes for the written person', () => {
    const ballots = [
      ...repeat(6, ballot({ a: 'for', b: 'against' }, [w('b', 'x')])),
      ...repeat(2, ballot({ a: 'for', b: 'for' })),
    ];
    const t = tallyRound({ seats: 2, candidateIds: ['a', 'b'], presentVoters: 8, ballotsIssued: 8, ballots }, policy);
    expect(t.counts.map((c) => [c.personId, c.forVotes, c.writeIn])).toEqual([
      ['a', 8, false],
      ['x', 6, true],
      ['b', 2, false],
    ]);
    expect(t.elected).toEqual(['a', 'x']);
  });

  it('more ballots returned than issued voids the round', () => {
    const ballots = repeat(11, ballot({ a: 'for' }));
    const t = tallyRound({ seats: 1, candidateIds: slate, presentVoters: 10, ballotsIssued: 10, ballots }, policy);
    expect([t.void, t.voidReason, t.ballotsReturned, t.ballotsIssued]).toEqual([
      true,
      'RETURNED_EXCEEDS_ISSUED',
      11,
      10,
    ]);
    expect(t.elected).toEqual([]);
    expect(t.explanationEn[1]).toContain('returned 11 > issued 10');
    const ok = tallyRound(
      { seats: 1, candidateIds: slate, presentVoters: 10, ballotsIssued: 10, ballots: ballots.slice(1) },
      policy,
    );
    expect(ok.void).toBe(false);
    expect(ok.elected).toEqual(['a']);
  });

  it('malformed input is refused by checkRoundInput; tallyRound throws for it, or voids a round with too many ballots issued', () => {
    const base = { seats: 1, candidateIds: ['a'], presentVoters: 5, ballotsIssued: 5, ballots: [] };
    expect(checkRoundInput(base)).toBeNull();
    expect(checkRoundInput({ ...base, ballotsIssued: 6 })?.code).toBe('ISSUED_EXCEEDS_PRESENT');
    expect(checkRoundInput({ ...base, seats: 0 })?.code).toBe('INVALID_ROUND');
    expect(checkRoundInput({ ...base, candidateIds: ['a', 'a'] })?.code).toBe('DUPLICATE_CANDIDATE');
    expect(() => tallyRound({ ...base, seats: 0 }, policy)).toThrow(DomainRuleError);
    expect(() => tallyRound({ ...base, candidateIds: ['a', 'a'] }, policy)).toThrow(DomainRuleError);
    const issuedTooMany = tallyRound({ ...base, ballotsIssued: 6, ballots: repeat(6, ballot({ a: 'for' })) }, policy);
    expect([issuedTooMany.void, issuedTooMany.voidReason, issuedTooMany.elected]).toEqual([
      true,
      'ISSUED_EXCEEDS_PRESENT',
      [],
    ]);
  });
});

describe('ballot order by surname strokes (RULES §D.4)', () => {
  it('sorts ascending, stable, with missing stroke counts last', () => {
    const list = [
      { name: '王', surnameStrokes: 4 },
      { name: '无笔画甲' },
      { name: '李', surnameStrokes: 7 },
      { name: '孔', surnameStrokes: 4 },
      { name: '丁', surnameStrokes: 2 },
      { name: '无笔画乙' },
    ];
    expect(orderByStrokes(list).map((c) => c.name)).toEqual(['丁', '王', '孔', '李', '无笔画甲', '无笔画乙']);
    expect(list[0]?.name).toBe('王');
  });
});

describe('seat reduction after a shortfall (RULES §D.5)', () => {
  it.each([
    [4, 5, 3, 8, 14, null],
    [4, 5, 3, 7, 14, 'SEAT_REDUCTION_CONSENT_NOT_MET'],
    [2, 5, 3, 14, 14, 'SEAT_REDUCTION_BELOW_MINIMUM'],
    [5, 5, 3, 14, 14, 'NO_SHORTFALL'],
  ])('%d elected of %d seats, minimum %d, %d of %d consent → %s', (elected, seats, min, consent, present, code) => {
    expect(canReduceSeats(elected, seats, min, consent, present, policy)?.code ?? null).toBe(code);
  });
});
