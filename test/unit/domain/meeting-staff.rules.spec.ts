import { checkOfficerNominees, checkScrutineersAndTellers } from '../../../libs/domain';

describe('scrutineers and tellers are not candidates (RULES §A.1 监票人, 计票人; §D.6 first committee meeting)', () => {
  it.each([
    [['s1', 's2'], ['c1', 'c2', 'c3'], null],
    [[], ['c1'], null],
    [['s1', 'c2'], ['c1', 'c2', 'c3'], 'c2'],
    [['c1'], ['c1'], 'c1'],
    [['s1', 's1'], [], null],
  ])('staff %j, candidates %j → clash %s', (staff, candidates, clash) => {
    const v = checkScrutineersAndTellers(staff, candidates);
    expect(v?.numbers.personId ?? null).toBe(clash);
    if (clash) expect(v).toMatchObject({ code: 'SCRUTINEER_IS_CANDIDATE', kind: 'rule', rule: 'RULES §A.1' });
  });
});

describe('officer nominees, one per post (RULES §D.6)', () => {
  const committee = ['m1', 'm2', 'm3'];
  it.each([
    ['none, not required', undefined, false, committee, true, null],
    ['none, required', undefined, true, committee, true, 'OFFICER_CANDIDATES_REQUIRED'],
    ['secretary on the committee', { secretaryId: 'm1' }, true, committee, true, null],
    ['secretary and deputy on it', { secretaryId: 'm1', deputyId: 'm2' }, true, committee, true, null],
    ['secretary off the committee', { secretaryId: 'x9' }, true, committee, true, 'OFFICER_CANDIDATE_NOT_ELIGIBLE'],
    [
      'deputy off the committee',
      { secretaryId: 'm1', deputyId: 'x9' },
      true,
      committee,
      true,
      'OFFICER_CANDIDATE_NOT_ELIGIBLE',
    ],
    ['pool unknown yet', { secretaryId: 'x9' }, true, null, true, null],
    ['no committee: a voting member present', { secretaryId: 'p1' }, true, ['p1', 'p2'], false, null],
    ['no committee: absent member', { secretaryId: 'p3' }, true, ['p1', 'p2'], false, 'OFFICER_CANDIDATE_NOT_ELIGIBLE'],
  ] as const)('%s → %s', (_name, nominees, required, pool, fromCommittee, code) => {
    const v = checkOfficerNominees(nominees, required, pool ? [...pool] : null, fromCommittee);
    expect(v?.code ?? null).toBe(code);
  });

  it('names who is not eligible and where they should come from', () => {
    expect(checkOfficerNominees({ secretaryId: 'x9' }, true, ['m1'], true)?.messageEn).toContain(
      'newly elected committee',
    );
    expect(checkOfficerNominees({ secretaryId: 'x9' }, true, ['m1'], false)?.messageEn).toContain(
      'voting member present',
    );
  });
});
