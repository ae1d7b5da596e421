import {
  checkEstablishmentEligibility,
  checkRevisionFixedFields,
  getPolicy,
  withOverrides,
  type EligibilityInput,
} from '../../../libs/domain';

const policy = getPolicy('2026.1');
const input = (over: Partial<EligibilityInput>): EligibilityInput => ({
  proposedType: 'branch',
  fullMembers: 5,
  probationaryMembers: 0,
  committeeSeats: 0,
  coveredUnits: 1,
  ...over,
});
const codes = (list: { code: string }[]) => list.map((v) => v.code);

describe('establishment eligibility (RULES §B.1, §C.1 C1)', () => {
  it.each([
    [2, false, ['ELIGIBILITY_MIN_FULL_MEMBERS'], 'jointBranch'],
    [3, true, [], null],
  ])('branch with %d full members: eligible %s', (fullMembers, eligible, violations, suggested) => {
    const r = checkEstablishmentEligibility(input({ fullMembers, probationaryMembers: 4 }), policy);
    expect(r.eligible).toBe(eligible);
    expect(codes(r.violations)).toEqual(violations);
    expect(r.suggestedType).toBe(suggested);
    expect(r.hasCommittee).toBe(false);
  });

  it('the 3 threshold counts full members only, and the message carries the numbers', () => {
    const r = checkEstablishmentEligibility(input({ fullMembers: 2, probationaryMembers: 10 }), policy);
    expect(r.eligible).toBe(false);
    expect(r.violations[0]).toMatchObject({
      kind: 'rule',
      rule: expect.stringContaining('§B.1'),
      numbers: { fullMembers: 2, required: 3 },
    });
    expect(r.violations[0]?.messageEn).toContain('2 full members, at least 3 required');
    expect(r.violations[0]?.message).toContain('正式党员3人以上');
  });

  it.each([
    [6, 3, false, false, ['ELIGIBILITY_COMMITTEE_MIN_FULL_MEMBERS']],
    [7, 3, true, true, []],
    [7, 5, true, true, []],
  ])(
    'branch with %d full members and %d committee seats: eligible %s, committee %s',
    (fullMembers, committeeSeats, eligible, hasCommittee, violations) => {
      const r = checkEstablishmentEligibility(input({ fullMembers, committeeSeats }), policy);
      expect(r.eligible).toBe(eligible);
      expect(r.hasCommittee).toBe(hasCommittee);
      expect(codes(r.violations)).toEqual(violations);
    },
  );

  it('6 full members and no committee: eligible, secretary only; 7 and no committee: a committee is expected (warning)', () => {
    const six = checkEstablishmentEligibility(input({ fullMembers: 6 }), policy);
    expect([six.eligible, six.hasCommittee, six.warnings.length]).toEqual([true, false, 0]);
    const seven = checkEstablishmentEligibility(input({ fullMembers: 7 }), policy);
    expect(seven.eligible).toBe(true);
    expect(codes(seven.warnings)).toEqual(['BRANCH_COMMITTEE_EXPECTED']);
  });

  it.each([
    [2, false, ['COMMITTEE_SIZE_OUT_OF_RANGE'], []],
    [3, true, [], []],
    [5, true, [], []],
    [6, true, [], ['COMMITTEE_SIZE_ABOVE_NORMAL']],
    [7, true, [], ['COMMITTEE_SIZE_ABOVE_NORMAL']],
    [8, false, ['COMMITTEE_SIZE_OUT_OF_RANGE'], []],
  ])(
    'branch committee of %d seats (12 full members): eligible %s',
    (committeeSeats, eligible, violations, warnings) => {
      const r = checkEstablishmentEligibility(input({ fullMembers: 12, committeeSeats }), policy);
      expect(r.eligible).toBe(eligible);
      expect(codes(r.violations)).toEqual(violations);
      expect(codes(r.warnings)).toEqual(warnings);
    },
  );

  it('a committee whose 差额 slate cannot be filled from the full members is refused (RULES §D.2)', () => {
    const r = checkEstablishmentEligibility(input({ fullMembers: 8, committeeSeats: 7 }), policy);
    expect(codes(r.violations)).toEqual(['SLATE_SURPLUS_IMPOSSIBLE']);
    expect(r.violations[0]?.numbers).toMatchObject({ committeeSeats: 7, minCandidates: 9, fullMembers: 8 });
  });

  it.each([
    [50, false],
    [51, true],
  ])('branch with %d members warns above the typical 50', (fullMembers, warned) => {
    const r = checkEstablishmentEligibility(input({ fullMembers, committeeSeats: 5 }), policy);
    expect(r.eligible).toBe(true);
    expect(codes(r.warnings).includes('BRANCH_ABOVE_TYPICAL_SIZE')).toBe(warned);
    expect(r.suggestedType).toBe(warned ? 'generalBranch' : null);
  });

  describe('general branch (50–100 members)', () => {
    it.each([
      [40, 9, undefined, false, false, ['ELIGIBILITY_MIN_MEMBERS'], []],
      [40, 9, '工作需要，分布在三个院区', true, true, [], ['ELIGIBILITY_BELOW_THRESHOLD_JUSTIFIED']],
      [40, 10, undefined, true, false, [], []],
      [49, 0, '   ', false, false, ['ELIGIBILITY_MIN_MEMBERS'], []],
      [50, 0, undefined, true, false, [], []],
    ])(
      '%d full + %d probationary, justification %j: eligible %s',
      (fullMembers, probationaryMembers, justification, eligible, used, violations, warnings) => {
        const r = checkEstablishmentEligibility(
          input({
            proposedType: 'generalBranch',
            fullMembers,
            probationaryMembers,
            committeeSeats: 5,
            belowThresholdJustification: justification,
          }),
          policy,
        );
        expect(r.memberCount).toBe(fullMembers + probationaryMembers);
        expect(r.eligible).toBe(eligible);
        expect(r.justificationUsed).toBe(used);
        expect(r.hasCommittee).toBe(eligible);
        expect(codes(r.violations)).toEqual(violations);
        expect(codes(r.warnings)).toEqual(warnings);
      },
    );

    it('without justification below 50 suggests a branch and states the numbers', () => {
      const r = checkEstablishmentEligibility(
        input({ proposedType: 'generalBranch', fullMembers: 49, committeeSeats: 5 }),
        policy,
      );
      expect(r.suggestedType).toBe('branch');
      expect(r.violations[0]?.messageEn).toContain('49 members (full + probationary), at least 50 required');
    });

    it('with H-1 off, probationary members do not count toward 50', () => {
      const fullOnly = withOverrides(policy, { countProbationaryForMemberThresholds: false });
      const r = checkEstablishmentEligibility(
        input({ proposedType: 'generalBranch', fullMembers: 45, probationaryMembers: 10, committeeSeats: 5 }),
        fullOnly,
      );
      expect(r.memberCount).toBe(45);
      expect(codes(r.violations)).toEqual(['ELIGIBILITY_MIN_MEMBERS']);
    });

    it.each([
      [4, false],
      [5, true],
      [9, true],
      [10, false],
    ])('committee of %d seats: eligible %s', (committeeSeats, eligible) => {
      const r = checkEstablishmentEligibility(
        input({ proposedType: 'generalBranch', fullMembers: 60, committeeSeats }),
        policy,
      );
      expect(r.eligible).toBe(eligible);
    });

    it('above 100 members suggests an organ committee', () => {
      const r = checkEstablishmentEligibility(
        input({ proposedType: 'generalBranch', fullMembers: 101, committeeSeats: 7 }),
        policy,
      );
      expect(r.eligible).toBe(true);
      expect(codes(r.warnings)).toEqual(['GENERAL_BRANCH_ABOVE_RANGE']);
      expect(r.suggestedType).toBe('organCommittee');
    });
  });

  describe('organ committee (≥ 100 members)', () => {
    it.each([
      [99, undefined, false, false, 'generalBranch'],
      [99, '全系统党员分散在多个单位', true, true, null],
      [100, undefined, true, false, null],
    ])('%d members, justification %j: eligible %s', (fullMembers, justification, eligible, used, suggested) => {
      const r = checkEstablishmentEligibility(
        input({
          proposedType: 'organCommittee',
          fullMembers,
          committeeSeats: 7,
          belowThresholdJustification: justification,
        }),
        policy,
      );
      expect(r.eligible).toBe(eligible);
      expect(r.justificationUsed).toBe(used);
      expect(r.suggestedType).toBe(suggested);
      if (!eligible)
        expect(r.violations[0]?.messageEn).toContain('99 members (full + probationary), at least 100 required');
    });

    it.each([
      [4, false, []],
      [9, true, []],
      [11, true, ['COMMITTEE_SIZE_ABOVE_NORMAL']],
      [12, false, []],
      [14, false, []],
      [15, true, []],
      [21, true, ['COMMITTEE_SIZE_ABOVE_NORMAL']],
      [22, false, []],
    ])('committee of %d seats (standing committee range 15–21): eligible %s', (committeeSeats, eligible, warnings) => {
      const r = checkEstablishmentEligibility(
        input({ proposedType: 'organCommittee', fullMembers: 300, committeeSeats }),
        policy,
      );
      expect(r.eligible).toBe(eligible);
      expect(codes(r.warnings)).toEqual(warnings);
    });

    it('500 members or more may use a delegate congress', () => {
      const r = checkEstablishmentEligibility(
        input({ proposedType: 'organCommittee', fullMembers: 480, probationaryMembers: 20, committeeSeats: 9 }),
        policy,
      );
      expect(codes(r.warnings)).toEqual(['DELEGATE_CONGRESS_POSSIBLE']);
    });
  });

  it.each([
    [5, 3, true, []],
    [6, 3, false, ['JOINT_BRANCH_MAX_UNITS']],
    [3, 2, false, ['ELIGIBILITY_MIN_FULL_MEMBERS']],
  ])('joint branch covering %d units with %d full members', (coveredUnits, fullMembers, eligible, violations) => {
    const r = checkEstablishmentEligibility(input({ proposedType: 'jointBranch', coveredUnits, fullMembers }), policy);
    expect(r.eligible).toBe(eligible);
    expect(codes(r.violations)).toEqual(violations);
    expect(r.suggestedType).toBeNull();
  });

  it.each([
    [2, false],
    [3, true],
  ])('temporary branch with %d full members: eligible %s, never a committee', (fullMembers, eligible) => {
    const r = checkEstablishmentEligibility(
      input({ proposedType: 'temporaryBranch', fullMembers, committeeSeats: 3 }),
      policy,
    );
    expect(r.eligible).toBe(eligible);
    expect(r.hasCommittee).toBe(false);
    expect(codes(r.warnings)).toEqual(['TEMPORARY_BRANCH_LEADERS_DESIGNATED']);
  });

  it('negative or fractional counts are invalid input', () => {
    const r = checkEstablishmentEligibility(input({ fullMembers: -1, committeeSeats: 1.5 }), policy);
    expect(r.eligible).toBe(false);
    expect(r.violations.map((v) => [v.code, v.kind])).toEqual([
      ['INVALID_COUNT', 'invalid'],
      ['INVALID_COUNT', 'invalid'],
    ]);
  });
});

describe('a revision keeps the case in its place (RULES §C.1 C3): one rule for the API and the workflow', () => {
  const current = { parentOrgId: 'org-edu-oc', departmentId: 'dept-edu' };
  it.each([
    [{ parentOrgId: 'org-edu-oc', departmentId: 'dept-edu' }, null, null],
    [{ parentOrgId: 'org-fin-oc', departmentId: 'dept-edu' }, 'parentOrgId', 'org-fin-oc'],
    [{ parentOrgId: 'org-edu-oc', departmentId: 'dept-finance' }, 'departmentId', 'dept-finance'],
    [{ departmentId: 'dept-edu' }, 'parentOrgId', ''],
  ])('%j → %s', (revised, field, now) => {
    const v = checkRevisionFixedFields(current, revised);
    if (field === null) return expect(v).toBeNull();
    expect(v).toMatchObject({
      code: 'REVISION_FIXED_FIELD',
      kind: 'rule',
      rule: 'RULES §C.1 (C3)',
      numbers: { field, now },
    });
  });

  it('an older record without the field fixes nothing', () => {
    expect(checkRevisionFixedFields({}, { parentOrgId: 'x', departmentId: 'y' })).toBeNull();
  });
});
