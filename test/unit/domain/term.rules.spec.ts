import {
  electionOpenDate,
  checkTermShift,
  getPolicy,
  termEndDate,
  termShiftWindow,
  termYearsFor,
  withOverrides,
  type EstablishableType,
} from '../../../libs/domain';

const policy = getPolicy();

describe('terms (RULES §B.2, §B.3, §D.1)', () => {
  it.each<[EstablishableType, number, string]>([
    ['organCommittee', 5, '2031-03-15'],
    ['generalBranch', 3, '2029-03-15'],
    ['branch', 3, '2029-03-15'],
    ['jointBranch', 3, '2029-03-15'],
    ['temporaryBranch', 3, '2029-03-15'],
  ])('%s: %d years, term starting 2026-03-15 ends %s', (type, years, end) => {
    expect(termYearsFor(type, policy)).toBe(years);
    expect(termEndDate('2026-03-15', type, policy)).toBe(end);
  });

  it('legacy profile and the minus-one-day option (H-13)', () => {
    expect(termEndDate('2026-03-15', 'organCommittee', getPolicy('legacy-2010'))).toBe('2030-03-15');
    expect(termEndDate('2028-02-29', 'branch', policy)).toBe('2031-02-28');
    const minusOne = withOverrides(policy, { periodEndMinusOneDay: true });
    expect(termEndDate('2026-03-01', 'branch', minusOne)).toBe('2029-02-28');
  });

  it('reminds 6 months before term end, month-end clamped', () => {
    expect(electionOpenDate('2029-08-31', policy)).toBe('2029-02-28');
    expect(electionOpenDate('2029-03-15', policy)).toBe('2028-09-15');
  });

  it.each([
    ['2029-03-15', null],
    ['2028-03-15', null],
    ['2028-03-14', 'TERM_ADVANCE_EXCEEDED'],
    ['2030-03-15', null],
    ['2030-03-16', 'TERM_DELAY_EXCEEDED'],
  ])('term ends 2029-03-15, election on %s: %s', (planned, code) => {
    expect(checkTermShift('2029-03-15', planned, policy)?.code ?? null).toBe(code);
  });

  it('the legacy terms profile keeps delay or advance ≤ 1 year (RULES §G.2 row 3, not configurable)', () => {
    const legacy = getPolicy('legacy-2010');
    expect(termShiftWindow('2029-03-15', legacy)).toEqual({ earliest: '2028-03-15', latest: '2030-03-15' });
    expect(checkTermShift('2029-03-15', '2028-03-14', legacy)?.code).toBe('TERM_ADVANCE_EXCEEDED');
  });

  it.each([
    // [termEnd, planned, the malformed value] — RULES §0.2: answered as 400 INVALID_DATE, never thrown
    ['2029-03-15', '2030-02-30', '2030-02-30'],
    ['2029-02-29', '2029-06-01', '2029-02-29'],
  ])('term ends %s, election on %s: INVALID_DATE naming %s', (termEnd, planned, value) => {
    expect(checkTermShift(termEnd, planned, policy)).toMatchObject({ code: 'INVALID_DATE', numbers: { value } });
  });
});
