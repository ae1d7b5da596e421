import {
  checkElectionQuorum,
  computeEntitledVoters,
  getPolicy,
  minCandidates,
  tallyRound,
  winnerThreshold,
  type Ballot,
  type RosterEntry,
} from '../../../libs/domain';

// RULES §D.9: 22 on the roll (18 full, 4 probationary); 1 full member under 留党察看; 1 full member abroad ≥ 6 months
// left out with approval → N_due 16; quorum ≥ 13; 5 seats → ≥ 6 candidates; 14 present → a winner needs ≥ 8.
describe('RULES §D.9 worked example', () => {
  const policy = getPolicy();
  const roster: RosterEntry[] = [
    ...Array.from({ length: 17 }, (_, i) => ({ personId: `full-${i + 1}`, status: 'full' as const })),
    { personId: 'sanctioned', status: 'partyProbation' },
    ...Array.from({ length: 4 }, (_, i) => ({ personId: `prob-${i + 1}`, status: 'probationary' as const })),
  ];
  const entitled = computeEntitledVoters(roster, ['full-17']);

  it('derives N_due = 16 from the roll of 22', () => {
    expect(roster).toHaveLength(22);
    expect(entitled.dueIds).toHaveLength(16);
    expect(entitled.noRightIds).toHaveLength(5);
    expect(entitled.excludedIds).toEqual(['full-17']);
  });

  it('needs 13 present (more than 12.8)', () => {
    expect(checkElectionQuorum(16, 12, policy).met).toBe(false);
    expect(checkElectionQuorum(16, 12, policy).violation?.messageEn).toBe(
      'quorum: 12 of 16 due present, more than 4/5 required (13)',
    );
    expect(checkElectionQuorum(16, 13, policy)).toMatchObject({ met: true, required: 13 });
  });

  it('5 seats need at least 6 candidates; 14 present need 8 for-votes, invalid ballots included', () => {
    expect(minCandidates(5, policy)).toBe(6);
    expect(winnerThreshold(14, policy)).toBe(8);
    const slate = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    const b = (...forIds: string[]): Ballot => ({
      marks: Object.fromEntries(forIds.map((id) => [id, 'for'])),
      writeIns: [],
    });
    const ballots: Ballot[] = [
      ...Array.from({ length: 8 }, () => b('c1', 'c2', 'c3', 'c4', 'c5')),
      ...Array.from({ length: 5 }, () => b('c1', 'c2', 'c3', 'c4', 'c6')),
      b('c1', 'c2', 'c3', 'c4', 'c5', 'c6'), // six marks for five seats: invalid, still one of the 14
    ];
    const t = tallyRound({ seats: 5, candidateIds: slate, presentVoters: 14, ballotsIssued: 14, ballots }, policy);
    expect([t.validBallots, t.invalidBallots, t.threshold]).toEqual([13, 1, 8]);
    expect(t.elected).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(t.counts.find((c) => c.personId === 'c6')?.forVotes).toBe(5);
  });
});
