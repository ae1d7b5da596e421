import { getPolicy, tallyRound } from '../../../libs/domain';
describe('tallyRound write-in eligibility and tie re-vote (RULES §D.4, §D.5)', () => {
  const policy = getPolicy();
  const ballot = (
    marks: Record<string, 'for' | 'against'>,
    writeIns: { replacesCandidateId: string; personId: string; name: string }[] = [],
  ) => ({
    marks,
    writeIns,
  });

  it('counts a write-in for an eligible person and disregards one for an ineligible person, keeping the ballot valid', () => {
    const ballots = [
      ...Array.from({ length: 3 }, () =>
        ballot({ a: 'against' }, [{ replacesCandidateId: 'a', personId: 'x', name: 'X' }]),
      ),
      ...Array.from({ length: 2 }, () =>
        ballot({ a: 'against' }, [{ replacesCandidateId: 'a', personId: 'y', name: 'Y' }]),
      ),
    ];
    const t = tallyRound(
      { seats: 1, candidateIds: ['a'], presentVoters: 5, ballotsIssued: 5, ballots, eligibleIds: ['a', 'x'] },
      policy,
    );
    expect(t.validBallots).toBe(5);
    expect(t.counts.find((c) => c.personId === 'x')?.forVotes).toBe(3);
    expect(t.counts.find((c) => c.personId === 'y')).toBeUndefined();
    expect(t.elected).toEqual(['x']);
    expect(t.explanationEn.join(' ')).toContain('2 write-in(s)');
  });

  it('elects the tied candidate with more votes in a tie re-vote even below half of those present', () => {
    const ballots = [ballot({ a: 'for' }), ballot({ a: 'for' }), ballot({ b: 'for' }), ballot({}), ballot({})];
    const majority = tallyRound(
      { seats: 1, candidateIds: ['a', 'b'], presentVoters: 5, ballotsIssued: 5, ballots },
      policy,
    );
    expect(majority.elected).toEqual([]);
    const revote = tallyRound(
      { seats: 1, candidateIds: ['a', 'b'], presentVoters: 5, ballotsIssued: 5, ballots, mode: 'tieRevote' },
      policy,
    );
    expect(revote.elected).toEqual(['a']);
    expect(revote.threshold).toBe(1);
  });
});
