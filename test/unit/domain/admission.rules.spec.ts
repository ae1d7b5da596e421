import {
  activistEligibleFrom,
  assessmentDates,
  checkActivistPeriod,
  checkApprovalHardLimit,
  checkBranchVote,
  checkCultivationContacts,
  checkIntensiveTraining,
  checkIntroducers,
  CURRENT_POLICY_VERSION,
  getPolicy,
  upperApprovalLimits,
} from '../../../libs/domain';

const policy = getPolicy(CURRENT_POLICY_VERSION);

describe('admission rules (RULES §E)', () => {
  it('accepts 1–2 distinct cultivation contacts only (step 5, H-21)', () => {
    expect(checkCultivationContacts(['p-1'], policy)).toBeNull();
    expect(checkCultivationContacts(['p-1', 'p-2'], policy)).toBeNull();
    expect(checkCultivationContacts([], policy)?.code).toBe('CULTIVATION_CONTACTS');
    expect(checkCultivationContacts(['p-1', 'p-2', 'p-3'], policy)?.numbers).toMatchObject({ count: 3, max: 2 });
    expect(checkCultivationContacts(['p-1', 'p-1'], policy)?.code).toBe('CULTIVATION_CONTACTS');
    expect(checkCultivationContacts('p-1', policy)?.code).toBe('CULTIVATION_CONTACTS');
  });

  it('allows a development candidate only after a full year as activist (step 7), month ends clamped', () => {
    expect(activistEligibleFrom('2024-02-29', policy)).toBe('2025-02-28');
    expect(checkActivistPeriod('2026-03-15', '2027-03-15', policy)).toBeNull();
    const early = checkActivistPeriod('2026-03-15', '2027-03-14', policy);
    expect(early?.code).toBe('ACTIVIST_PERIOD_TOO_SHORT');
    expect(early?.rule).toBe('RULES §E step 7');
    expect(early?.numbers).toMatchObject({ eligibleFrom: '2027-03-15', onDate: '2027-03-14' });
  });

  it('needs two distinct consenting introducers other than the candidate (step 9)', () => {
    const ok = [
      { personId: 'p-1', consent: true },
      { personId: 'p-2', consent: true },
    ];
    expect(checkIntroducers(ok, 'p-c', policy)).toBeNull();
    expect(checkIntroducers(ok.slice(0, 1), 'p-c', policy)?.numbers).toMatchObject({ count: 1, required: 2 });
    expect(checkIntroducers([ok[0], { personId: 'p-2', consent: false }], 'p-c', policy)?.numbers).toMatchObject({
      consenting: 1,
    });
    expect(checkIntroducers([ok[0], ok[0]], 'p-c', policy)?.code).toBe('INTRODUCERS');
    expect(checkIntroducers(ok, 'p-1', policy)?.code).toBe('INTRODUCERS');
  });

  it('needs at least 3 days or 24 class hours of intensive training (step 11)', () => {
    expect(checkIntensiveTraining({ days: 3 }, policy)).toBeNull();
    expect(checkIntensiveTraining({ hours: 24 }, policy)).toBeNull();
    expect(checkIntensiveTraining({ days: 2, hours: 23 }, policy)?.numbers).toMatchObject({ days: 2, hours: 23 });
    expect(checkIntensiveTraining({}, policy)?.code).toBe('TRAINING_TOO_SHORT');
  });

  it('schedules assessments every six months up to and including the end date (steps 6 and 21)', () => {
    expect(assessmentDates('2026-08-31', '2027-08-31', policy.activistAssessmentInterval)).toEqual([
      '2027-02-28',
      '2027-08-31',
    ]);
    expect(assessmentDates('2026-01-10', '2026-07-09', { months: 6 })).toEqual([]);
  });

  it('keeps step-17 approval within 3 months and flags it beyond 6 months from the branch resolution', () => {
    expect(upperApprovalLimits('E17', '2026-08-31', policy)).toEqual({
      dueDate: '2026-11-30',
      hardLimit: '2027-02-28',
    });
    expect(checkApprovalHardLimit('2026-08-31', '2027-02-28', policy)).toBeNull();
    expect(checkApprovalHardLimit('2026-08-31', '2027-03-01', policy)?.code).toBe('APPROVAL_BEYOND_SIX_MONTHS');
  });

  it('decides the step-15 worked example by the entitled count, written opinions included', () => {
    expect(checkBranchVote({ entitled: 16, present: 10, forVotes: 8, writtenOpinionsFor: 1 }, policy).passed).toBe(
      true,
    );
    const fail = checkBranchVote({ entitled: 16, present: 10, forVotes: 8 }, policy);
    expect(fail.passed).toBe(false);
    expect(fail.violation?.numbers).toMatchObject({ entitled: 16, totalFor: 8, requiredFor: 9 });
  });
});
