import {
  checkActivistPeriod,
  checkApplicantAge,
  checkBranchVote,
  checkBranchVoteCounts,
  checkProbationExtension,
  extendedProbationEnd,
  getPolicy,
  probationEndDate,
  withOverrides,
} from '../../../libs/domain';

const policy = getPolicy();

describe('branch general meeting vote (RULES §E step 15, 细则 Arts. 20–21)', () => {
  it.each([
    // RULES example: 16 entitled → quorum 9, pass 9 for-votes of the entitled, not of those present
    [16, 10, 8, 1, true, true, null],
    [16, 10, 8, 0, true, false, 'BRANCH_VOTE_NOT_PASSED'],
    [16, 8, 8, 0, false, false, 'BRANCH_VOTE_QUORUM_NOT_MET'],
    [16, 9, 9, 0, true, true, null],
    [15, 8, 8, 0, true, true, null],
    [15, 7, 7, 0, false, false, 'BRANCH_VOTE_QUORUM_NOT_MET'],
  ])(
    '%d entitled, %d present, %d for + %d written → quorum %s, passed %s',
    (entitled, present, forVotes, writtenOpinionsFor, quorumMet, passed, code) => {
      const r = checkBranchVote({ entitled, present, forVotes, writtenOpinionsFor }, policy);
      expect([r.quorumMet, r.passed, r.violation?.code ?? null]).toEqual([quorumMet, passed, code]);
    },
  );

  it('messages carry the numbers', () => {
    const r = checkBranchVote({ entitled: 16, present: 10, forVotes: 8 }, policy);
    expect(r.violation?.messageEn).toBe(
      'branch vote not passed: 8 for (8 at the meeting + 0 written) of 16 entitled, 9 required',
    );
  });

  it('the ≥ half toggle (RULES §G.2 row 7) accepts exactly half', () => {
    const lenient = withOverrides(policy, { branchVoteAllowExactlyHalf: true });
    expect(checkBranchVote({ entitled: 16, present: 8, forVotes: 8 }, lenient).passed).toBe(true);
    expect(checkBranchVote({ entitled: 16, present: 8, forVotes: 8 }, policy).passed).toBe(false);
  });

  it('answers malformed or inconsistent counts with the input violation naming them, never a throw', () => {
    const inconsistent = (counts: Parameters<typeof checkBranchVote>[0]) => {
      const r = checkBranchVote(counts, policy);
      expect(checkBranchVoteCounts(counts)).toEqual(r.violation);
      return { kind: r.violation?.kind, code: r.violation?.code, quorumMet: r.quorumMet, passed: r.passed };
    };
    const refused = { kind: 'invalid', code: 'INCONSISTENT_VOTE_COUNTS', quorumMet: false, passed: false };
    expect(inconsistent({ entitled: 10, present: 11, forVotes: 5 })).toEqual(refused);
    expect(inconsistent({ entitled: 10, present: 6, forVotes: 7 })).toEqual(refused);
    expect(inconsistent({ entitled: 10, present: 8, forVotes: 5, writtenOpinionsFor: 3 })).toEqual(refused);
    expect(inconsistent({ entitled: 10, present: 8, forVotes: 5.5 })).toEqual({ ...refused, code: 'INVALID_COUNT' });
    expect(checkBranchVoteCounts({ entitled: 10, present: -1, forVotes: 0 })?.numbers).toEqual({ field: 'present' });
    expect(checkBranchVoteCounts({ entitled: 10, present: 8, forVotes: 5, writtenOpinionsFor: 2 })).toBeNull();
  });
});

describe('member development dates and limits (RULES §E)', () => {
  it.each([
    ['2008-05-10', '2026-05-09', 'APPLICANT_UNDER_AGE'],
    ['2008-05-10', '2026-05-10', null],
  ])('born %s, applying %s → %s', (birth, applied, code) => {
    expect(checkApplicantAge(birth, applied, policy)?.code ?? null).toBe(code);
  });

  it('probation ends one year after the resolution, clamped; minus-one-day option', () => {
    expect(probationEndDate('2026-06-30', policy)).toBe('2027-06-30');
    expect(probationEndDate('2028-02-29', policy)).toBe('2029-02-28');
    expect(probationEndDate('2026-06-30', withOverrides(policy, { periodEndMinusOneDay: true }))).toBe('2027-06-29');
  });

  it.each([
    [5, 0, 'PROBATION_EXTENSION_LENGTH'],
    [6, 0, null],
    [12, 0, null],
    [13, 0, 'PROBATION_EXTENSION_LENGTH'],
    [6, 1, 'PROBATION_ALREADY_EXTENDED'],
  ])('extend by %d months after %d extensions → %s', (months, previous, code) => {
    expect(checkProbationExtension(months, previous, policy)?.code ?? null).toBe(code);
  });

  it('extends from the probation end without subtracting the minus-one day twice (H-13)', () => {
    const minusOne = withOverrides(policy, { periodEndMinusOneDay: true });
    const end = probationEndDate('2025-03-10', minusOne);
    expect(end).toBe('2026-03-09');
    expect(extendedProbationEnd(end, 6, minusOne)).toBe('2026-09-09');
    expect(extendedProbationEnd(end, 12, minusOne)).toBe('2027-03-09');
    // option off: same calendar day
    expect(extendedProbationEnd(probationEndDate('2025-03-10', policy), 6, policy)).toBe('2026-09-10');
    // month end: 2025-08-31 → 2026-08-30 → +6 months from 2026-08-31, minus one day
    expect(extendedProbationEnd(probationEndDate('2025-08-31', minusOne), 6, minusOne)).toBe('2027-02-27');
  });

  it('reads extension bounds written in years (policy { years: 1 } = 12 months)', () => {
    const yearly = withOverrides(policy, { probationExtensionMin: { months: 6 }, probationExtensionMax: { years: 1 } });
    expect(checkProbationExtension(12, 0, yearly)).toBeNull();
    expect(checkProbationExtension(13, 0, yearly)).toMatchObject({
      code: 'PROBATION_EXTENSION_LENGTH',
      numbers: { months: 13, min: 6, max: 12 },
    });
    const halfYear = withOverrides(policy, {
      probationExtensionMin: { years: 1 },
      probationExtensionMax: { years: 1 },
    });
    expect(checkProbationExtension(6, 0, halfYear)?.numbers).toMatchObject({ min: 12, max: 12 });
  });

  it('states the cultivation period of the policy in the step-7 message, not a hardcoded year', () => {
    const short = withOverrides(policy, { activistMinCultivation: { months: 6 } });
    const v = checkActivistPeriod('2026-01-10', '2026-03-01', short)!;
    expect(v.message).toContain('满6个月后（2026-07-10起）');
    expect(v.messageEn).toContain('needs 6 months as activist');
    expect(checkActivistPeriod('2026-01-10', '2026-03-01', policy)!.message).toContain('满1年后（2027-01-10起）');
  });
});
