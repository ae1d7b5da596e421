import {
  CURRENT_POLICY_VERSION,
  DomainRuleError,
  getPolicy,
  POLICY_VERSIONS,
  withOverrides,
  type PolicyTable,
} from '../../../libs/domain';

describe('policy table (RULES §G)', () => {
  it('serves the current version by default with the §G.1 numbers', () => {
    const p = getPolicy();
    expect(p.version).toBe(CURRENT_POLICY_VERSION);
    expect(CURRENT_POLICY_VERSION).toBe('2026.1');
    expect(p.branchMinFullMembers).toBe(3);
    expect(p.branchCommitteeMinFullMembers).toBe(7);
    expect(p.generalBranchMinMembers).toBe(50);
    expect(p.organCommitteeMinMembers).toBe(100);
    expect(p.committeeSize.organCommitteeWithStanding).toEqual({ min: 15, max: 19, hardMax: 21 });
    expect(p.termYears).toMatchObject({ organCommittee: 5, generalBranch: 3, branch: 3 });
    expect([p.quorumNumerator, p.quorumDenominator, p.quorumAllowExactly]).toEqual([4, 5, false]);
    expect(p.candidateSurplusMinRatio).toBe(0.2);
    expect(p.countProbationaryForMemberThresholds).toBe(true);
    expect(p.kernel).toEqual({ reminderLead: { days: 7 }, escalationRepeat: { days: 7 }, maxEscalations: 3 });
  });

  it.each([
    ['2026.1', 5, 3, false],
    ['legacy-2010', 4, 2, false], // voting rules stay current in the legacy terms profile (issue 10 item 4)
  ])('version %s: organ committee term %d, branch term %d, exactly-4/5 %s', (version, organ, branch, exactly) => {
    const p = getPolicy(version);
    expect(p.version).toBe(version);
    expect(p.termYears.organCommittee).toBe(organ);
    expect(p.termYears.branch).toBe(branch);
    expect(p.quorumAllowExactly).toBe(exactly);
  });

  it('legacy profile (seed 002) terms are selectable per organization — RULES §B.2, §G.2 rows 1–2', () => {
    const legacy = getPolicy('legacy-2010');
    expect(legacy.termYears).toEqual({
      organCommittee: 4,
      generalBranch: 3,
      branch: 2,
      jointBranch: 2,
      temporaryBranch: 3,
    });
    expect([2, 3]).toContain(legacy.termYears.branch);
    expect(legacy.termShiftAllowsAdvance).toBe(true);
    expect(getPolicy('2026.1').termYears.branch).toBe(3);
  });

  it('rejects an unknown version with a notFound violation', () => {
    expect(() => getPolicy('1999.9')).toThrow(DomainRuleError);
    try {
      getPolicy('1999.9');
    } catch (e) {
      expect((e as DomainRuleError).violation).toMatchObject({ code: 'POLICY_VERSION_UNKNOWN', kind: 'notFound' });
      expect((e as DomainRuleError).violation.messageEn).toContain('1999.9');
    }
    expect(() => getPolicy('toString')).toThrow(DomainRuleError);
  });

  it('published versions are frozen', () => {
    const p = POLICY_VERSIONS['2026.1'] as PolicyTable;
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.committeeSize.branch)).toBe(true);
    expect(() => {
      (p as { branchMinFullMembers: number }).branchMinFullMembers = 1;
    }).toThrow(TypeError);
  });

  it('withOverrides replaces scalars, merges records entry by entry and leaves the base untouched', () => {
    const base = getPolicy();
    const p = withOverrides(base, {
      quorumAllowExactly: true,
      termYears: { branch: 2 } as PolicyTable['termYears'],
      committeeSize: { branch: { hardMax: 9 } } as unknown as PolicyTable['committeeSize'],
      termShiftMax: { months: 6 },
      kernel: { maxEscalations: 5 } as PolicyTable['kernel'],
    });
    expect(p.quorumAllowExactly).toBe(true);
    expect(p.termYears).toEqual({ ...base.termYears, branch: 2 });
    expect(p.committeeSize.branch).toEqual({ min: 3, max: 5, hardMax: 9 });
    expect(p.committeeSize.generalBranch).toEqual(base.committeeSize.generalBranch);
    expect(p.termShiftMax).toEqual({ months: 6 });
    expect(p.kernel).toEqual({ ...base.kernel, maxEscalations: 5 });
    expect(p.version).toBe(base.version);
    expect(base.quorumAllowExactly).toBe(false);
    expect(base.termYears.branch).toBe(3);
    expect(Object.isFrozen(p)).toBe(true);
  });
});
