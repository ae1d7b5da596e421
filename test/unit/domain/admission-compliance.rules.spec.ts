import {
  ADMISSION_COMPLIANCE_FLAGS,
  checkApprovalDueDate,
  checkApprovalHardLimit,
  checkConversionResolution,
  checkTalkDeadline,
  conversionResolutionDueDate,
  CURRENT_POLICY_VERSION,
  getPolicy,
  overdueFrom,
  talkDueDate,
  upperApprovalLimits,
} from '../../../libs/domain';
import { admissionComplianceFlagSchema } from '../../../libs/contracts';

const policy = getPolicy(CURRENT_POLICY_VERSION);

describe('admission compliance flags (RULES §E steps 2, 17, 23, 24)', () => {
  it('names the same flags in the domain and the contract', () => {
    expect([...ADMISSION_COMPLIANCE_FLAGS]).toEqual(admissionComplianceFlagSchema.options);
  });

  it('talk due one month after the application, late from the next day (step 2), month ends clamped', () => {
    expect(talkDueDate('2026-01-31', policy)).toBe('2026-02-28');
    expect(checkTalkDeadline('2026-01-31', '2026-02-28', policy)).toBeNull();
    expect(checkTalkDeadline('2026-01-31', '2026-03-01', policy)).toMatchObject({
      code: 'TALK_OVERDUE',
      rule: 'RULES §E step 2',
      numbers: { applicationDate: '2026-01-31', dueDate: '2026-02-28', onDate: '2026-03-01' },
    });
    expect(overdueFrom('2028-02-28')).toBe('2028-02-29');
  });

  it.each([
    // step, vote, on, three-month code, six-month code
    ['E17', '2026-08-31', '2026-11-30', null, null],
    ['E17', '2026-08-31', '2026-12-01', 'APPROVAL_BEYOND_THREE_MONTHS', null],
    ['E17', '2026-08-31', '2027-02-28', 'APPROVAL_BEYOND_THREE_MONTHS', null],
    ['E17', '2026-08-31', '2027-03-01', 'APPROVAL_BEYOND_THREE_MONTHS', 'APPROVAL_BEYOND_SIX_MONTHS'],
    ['E24', '2027-08-31', '2027-11-30', null, null],
    ['E24', '2027-08-31', '2027-12-01', 'APPROVAL_BEYOND_THREE_MONTHS', null],
    ['E24', '2027-08-31', '2028-02-29', 'APPROVAL_BEYOND_THREE_MONTHS', null],
    ['E24', '2027-08-31', '2028-03-01', 'APPROVAL_BEYOND_THREE_MONTHS', 'APPROVAL_BEYOND_SIX_MONTHS'],
  ] as const)('%s after a vote on %s, approving on %s → %s / %s', (step, vote, on, three, six) => {
    expect(checkApprovalDueDate(step, vote, on, policy)?.code ?? null).toBe(three);
    expect(checkApprovalHardLimit(vote, on, policy, step)?.code ?? null).toBe(six);
  });

  it('carries the step and the numbers of each approval limit', () => {
    expect(upperApprovalLimits('E24', '2027-08-31', policy)).toEqual({
      dueDate: '2027-11-30',
      hardLimit: '2028-02-29',
    });
    expect(checkApprovalDueDate('E24', '2027-08-31', '2027-12-01', policy)).toMatchObject({
      rule: 'RULES §E step 24',
      numbers: { dueDate: '2027-11-30', months: 3 },
    });
    expect(checkApprovalHardLimit('2027-08-31', '2028-03-01', policy, 'E24')).toMatchObject({
      rule: 'RULES §E step 24',
      numbers: { hardLimit: '2028-02-29', months: 6 },
    });
  });

  it('wants the step-23 resolution one month after the probation end plus postponement', () => {
    expect(conversionResolutionDueDate('2027-01-31', 0, policy)).toBe('2027-02-28');
    expect(conversionResolutionDueDate('2027-01-31', 3, policy)).toBe('2027-05-30');
    expect(checkConversionResolution('2027-01-31', 0, '2027-02-28', policy)).toBeNull();
    expect(checkConversionResolution('2027-01-31', 0, '2027-03-01', policy)).toMatchObject({
      code: 'PROBATION_ENDED_WITHOUT_DECISION',
      rule: 'RULES §E step 23',
      numbers: { probationEnd: '2027-01-31', postponedMonths: 0, dueDate: '2027-02-28' },
    });
    expect(checkConversionResolution('2027-01-31', 3, '2027-03-01', policy)).toBeNull();
    expect(checkConversionResolution('2027-01-31', 3, '2027-05-31', policy)?.code).toBe(
      'PROBATION_ENDED_WITHOUT_DECISION',
    );
  });
});
