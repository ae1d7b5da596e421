import { POLICY_VERSIONS, checkIntroducersAvailable, getPolicy, withOverrides } from '../../../libs/domain';

describe('one introducer per candidate at a time (practice, RULES glossary 入党介绍人)', () => {
  const policy = getPolicy('2026.1');
  const busy = [{ personId: 'p-1', caseId: 'admission:org-a:p-9' }];

  it('refuses an introducer of another open case, naming the person and that case', () => {
    expect(checkIntroducersAvailable(busy, policy)).toMatchObject({
      code: 'INTRODUCER_BUSY',
      rule: 'RULES §E step 9',
      numbers: { personId: 'p-1', caseId: 'admission:org-a:p-9' },
    });
    expect(checkIntroducersAvailable([], policy)).toBeNull();
  });

  it('is a policy an organization can switch off', () => {
    const relaxed = withOverrides(policy, { introducerOneCandidateAtATime: false });
    expect(checkIntroducersAvailable(busy, relaxed)).toBeNull();
  });

  it('is on in every published policy version', () => {
    for (const version of Object.values(POLICY_VERSIONS)) expect(version.introducerOneCandidateAtATime).toBe(true);
  });
});
