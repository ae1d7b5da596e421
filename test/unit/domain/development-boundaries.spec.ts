import {
  activistEligibleFrom,
  assessmentDates,
  checkActivistPeriod,
  checkApplicantAge,
  checkBranchVote,
  checkProbationExtension,
  getPolicy,
  nextAssessmentDate,
  periodEnd,
  probationEndDate,
  withOverrides,
} from '../../../libs/domain';

const policy = getPolicy('2026.1');
const drill = getPolicy('2026.1-drill');

describe('branch vote at the boundaries (RULES §E step 15, 细则 Arts. 20–21)', () => {
  it.each([
    // entitled, present, for at the meeting, written for → quorumMet, passed, requiredPresent, requiredFor
    [16, 10, 8, 1, true, true, 9, 9], // the worked example: 8 + 1 written passes
    [16, 10, 8, 0, true, false, 9, 9], // 8 of 10 present is not enough: 8 of 16 entitled
    [16, 9, 9, 0, true, true, 9, 9], // quorum exactly met, every one present for
    [16, 8, 8, 1, false, false, 9, 9], // a written opinion is a vote, not attendance (H-4)
    [16, 16, 9, 0, true, true, 9, 9],
    [16, 16, 8, 0, true, false, 9, 9],
    [15, 8, 8, 0, true, true, 8, 8], // odd count: more than 7.5 → 8
    [15, 8, 7, 0, true, false, 8, 8],
    [1, 1, 1, 0, true, true, 1, 1],
    [2, 1, 1, 0, false, false, 2, 2],
  ])(
    '%d entitled, %d present, %d + %d written → quorum %s, passed %s (needs %d present, %d for)',
    (entitled, present, forVotes, writtenOpinionsFor, quorumMet, passed, requiredPresent, requiredFor) => {
      const r = checkBranchVote({ entitled, present, forVotes, writtenOpinionsFor }, policy);
      expect([r.quorumMet, r.passed, r.requiredPresent, r.requiredFor]).toEqual([
        quorumMet,
        passed,
        requiredPresent,
        requiredFor,
      ]);
    },
  );
});

describe('applicant age on the application date (RULES §E step 1)', () => {
  it.each([
    ['2008-05-10', '2026-05-10', 18],
    ['2008-05-10', '2026-05-09', 17],
    // 29 February: the birthday falls on 28 February in common years (month-end clamp, H-13)
    ['2008-02-29', '2026-02-28', 18],
    ['2008-02-29', '2026-02-27', 17],
    ['2010-02-28', '2028-02-28', 18],
    ['2010-02-28', '2028-02-27', 17],
  ])('born %s, applying %s → %d', (birth, applied, age) => {
    const v = checkApplicantAge(birth, applied, policy);
    if (age >= 18) expect(v).toBeNull();
    else expect(v).toMatchObject({ code: 'APPLICANT_UNDER_AGE', numbers: { age, minAge: 18 } });
  });

  it('a 29 February birthday in a leap year counts on the day itself', () => {
    expect(checkApplicantAge('2010-02-28', '2028-02-29', policy)).toBeNull();
    expect(checkApplicantAge('2012-02-29', '2030-02-28', policy)).toBeNull();
    expect(checkApplicantAge('2012-02-29', '2030-02-27', policy)?.numbers).toMatchObject({ age: 17 });
  });
});

describe('one year as activist (RULES §E step 7)', () => {
  it.each([
    ['2026-03-15', '2027-03-15', null],
    ['2026-03-15', '2027-03-14', 'ACTIVIST_PERIOD_TOO_SHORT'],
    ['2024-02-29', '2025-02-28', null],
    ['2024-02-29', '2025-02-27', 'ACTIVIST_PERIOD_TOO_SHORT'],
    ['2026-12-31', '2027-12-31', null],
    ['2026-12-31', '2027-12-30', 'ACTIVIST_PERIOD_TOO_SHORT'],
  ])('activist since %s, candidate on %s → %s', (activist, on, code) => {
    expect(checkActivistPeriod(activist, on, policy)?.code ?? null).toBe(code);
  });
});

describe('probation extension bounds (RULES §E step 23)', () => {
  it.each([
    [5, 0, 'PROBATION_EXTENSION_LENGTH'],
    [6, 0, null],
    [12, 0, null],
    [13, 0, 'PROBATION_EXTENSION_LENGTH'],
    [0, 0, 'PROBATION_EXTENSION_LENGTH'],
    [6.5, 0, 'PROBATION_EXTENSION_LENGTH'],
    [6, 1, 'PROBATION_ALREADY_EXTENDED'],
    [12, 1, 'PROBATION_ALREADY_EXTENDED'],
  ])('%d months after %d extensions → %s', (months, previous, code) => {
    expect(checkProbationExtension(months, previous, policy)?.code ?? null).toBe(code);
  });

  it('an extension ends on the same calendar day, clamped at month ends', () => {
    expect(periodEnd('2027-08-31', { months: 6 }, policy)).toBe('2028-02-29');
    expect(periodEnd('2027-08-31', { months: 12 }, policy)).toBe('2028-08-31');
  });
});

describe('drill profile with zero waiting periods (policy 2026.1-drill)', () => {
  it('keeps every vote and age rule of 2026.1 and only shortens the waits', () => {
    expect(drill.activistMinCultivation).toEqual({ days: 0 });
    expect(drill.activistAssessmentInterval).toEqual({ days: 0 });
    expect(drill.probation).toEqual({ days: 0 });
    expect(drill.minApplicantAge).toBe(policy.minApplicantAge);
    expect(drill.branchVotePassDenominator).toBe(policy.branchVotePassDenominator);
    expect(drill.probationExtensionMin).toEqual(policy.probationExtensionMin);
  });

  it('schedules no periodic assessments for a zero interval instead of repeating one date', () => {
    expect(assessmentDates('2026-05-01', '2026-05-01', drill.activistAssessmentInterval)).toEqual([]);
    expect(assessmentDates('2026-05-01', '2027-05-01', { days: 0, months: 0 })).toEqual([]);
  });

  it('has the one cultivation assessment due at once, and the activist eligible the same day', () => {
    expect(nextAssessmentDate('2026-05-01', drill.activistAssessmentInterval)).toBe('2026-05-01');
    expect(nextAssessmentDate('2026-05-01', policy.activistAssessmentInterval)).toBe('2026-11-01');
    expect(activistEligibleFrom('2026-05-01', drill)).toBe('2026-05-01');
    expect(checkActivistPeriod('2026-05-01', '2026-05-01', drill)).toBeNull();
  });

  it('ends a zero probation on the admission date, never before it', () => {
    expect(probationEndDate('2026-05-01', drill)).toBe('2026-05-01');
    const minusOne = withOverrides(drill, { periodEndMinusOneDay: true });
    expect(probationEndDate('2026-05-01', minusOne)).toBe('2026-05-01');
    expect(probationEndDate('2026-05-01', withOverrides(policy, { periodEndMinusOneDay: true }))).toBe('2027-04-30');
  });
});
