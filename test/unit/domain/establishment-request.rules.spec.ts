import { checkEstablishmentRequest, getPolicy, type EstablishmentRequestFacts } from '../../../libs/domain';

const policy = getPolicy('2026.1');
const facts = (over: Partial<EstablishmentRequestFacts>): EstablishmentRequestFacts => ({
  proposedType: 'branch',
  fullMembers: 9,
  probationaryMembers: 0,
  committeeSeats: 3,
  coveredUnits: 1,
  positions: ['secretary', 'organizer'],
  slateSize: 4,
  ...over,
});
const organCommittee = (over: Partial<EstablishmentRequestFacts>) =>
  facts({ proposedType: 'organCommittee', fullMembers: 120, committeeSeats: 9, slateSize: 11, ...over });

describe('a 请示报告 meets every rule of C1/C3 in one function (RULES §B.1, §C.1, §D.2)', () => {
  it.each<[string, Partial<EstablishmentRequestFacts>, string | null]>([
    ['an eligible branch with a 差额 slate', {}, null],
    [
      'thresholds first (RULES §B.1: 3 full members)',
      { fullMembers: 2, committeeSeats: 0 },
      'ELIGIBILITY_MIN_FULL_MEMBERS',
    ],
    [
      'a general branch without a discipline member (Art. 9)',
      { proposedType: 'generalBranch', fullMembers: 60, committeeSeats: 5, slateSize: 6 },
      'GENERAL_BRANCH_DISCIPLINE_MEMBER_MISSING',
    ],
    ['a slate without surplus (RULES §D.2: 3 seats need 4)', { slateSize: 3 }, 'SLATE_SURPLUS'],
    ['no committee, no slate rule', { committeeSeats: 0, slateSize: 0 }, null],
  ])('%s → %s', (_name, over, code) => {
    expect(checkEstablishmentRequest(facts(over), policy)?.code ?? null).toBe(code);
  });

  // RULES §B.1 (支部条例): a work project gets a branch of its own only when it lasts at least six months.
  it.each<[string, string, string | null]>([
    ['2027-01-15', '2027-07-14', 'PROJECT_BRANCH_TOO_SHORT'],
    ['2027-01-15', '2027-07-15', null],
    ['2027-01-15', '2026-12-01', 'PROJECT_BRANCH_TOO_SHORT'],
  ])('a project from %s to %s → %s', (start, end, code) => {
    expect(checkEstablishmentRequest(facts({ workProject: { start, end } }), policy)?.code ?? null).toBe(code);
  });

  // RULES §B.1: standing members at most half of an organ committee; only an organ committee has them.
  it.each<[string, EstablishmentRequestFacts, string | null]>([
    ['4 standing of 9 seats', organCommittee({ standingSeats: 4 }), null],
    ['5 standing of 9 seats', organCommittee({ standingSeats: 5 }), 'STANDING_MEMBERS_ABOVE_HALF'],
    ['0 standing: no standing committee', organCommittee({ standingSeats: 0 }), null],
    ['standing seats on a branch', facts({ standingSeats: 1 }), 'STANDING_COMMITTEE_ORGAN_ONLY'],
  ])('%s → %s', (_name, f, code) => {
    const refused = checkEstablishmentRequest(f, policy);
    expect(refused?.code ?? null).toBe(code);
    if (code === 'STANDING_MEMBERS_ABOVE_HALF') expect(refused?.numbers).toMatchObject({ standing: 5, max: 4 });
  });
});
