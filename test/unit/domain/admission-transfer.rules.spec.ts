import {
  checkTransferActor,
  checkTransferDate,
  checkTransferPostponement,
  checkTransferStage,
  checkTransferTarget,
  conversionDiscussionFrom,
  CURRENT_POLICY_VERSION,
  getPolicy,
  transferPhase,
  withOverrides,
} from '../../../libs/domain';

const policy = getPolicy(CURRENT_POLICY_VERSION);

describe('admission transfers (RULES §E step 21, H-12)', () => {
  it.each([
    ['E3', null],
    ['E4', 'activist'],
    ['E6', 'activist'],
    ['E11', 'activist'],
    ['E12', null],
    ['E17', null],
    ['E17-PG', null],
    ['E19', 'probationary'],
    ['E22', 'probationary'],
    ['E23', null],
    ['E24', null],
  ])('a case at %s may move as %s', (stage, phase) => {
    expect(transferPhase(stage)).toBe(phase);
    expect(checkTransferStage(stage)?.code ?? null).toBe(phase ? null : 'TRANSFER_STAGE_NOT_ALLOWED');
  });

  it('refuses a transfer outside the allowed steps as a conflict naming the stage', () => {
    const v = checkTransferStage('E12');
    expect(v).toMatchObject({ kind: 'conflict', rule: 'RULES §E step 21', numbers: { stage: 'E12' } });
  });

  it.each([
    // months, phase, already postponed, code
    [0, 'activist', 0, null],
    [1, 'activist', 0, 'TRANSFER_POSTPONEMENT_NOT_PROBATIONARY'],
    [0, 'probationary', 0, null],
    [1, 'probationary', 0, null],
    [6, 'probationary', 0, null],
    [7, 'probationary', 0, 'TRANSFER_POSTPONEMENT_TOO_LONG'],
    [2, 'probationary', 4, null],
    [3, 'probationary', 4, 'TRANSFER_POSTPONEMENT_TOO_LONG'],
    [-1, 'probationary', 0, 'TRANSFER_POSTPONEMENT_TOO_LONG'],
    [1.5, 'probationary', 0, 'TRANSFER_POSTPONEMENT_TOO_LONG'],
  ] as const)('postpone %d months (%s, %d already) → %s', (months, phase, already, code) => {
    expect(checkTransferPostponement(months, phase, already, policy)?.code ?? null).toBe(code);
  });

  it('carries the policy maximum in the postponement violation', () => {
    expect(checkTransferPostponement(7, 'probationary', 0, policy)?.numbers).toEqual({
      months: 7,
      alreadyPostponedMonths: 0,
      max: 6,
    });
    const longer = withOverrides(policy, { transferPostponeMax: { years: 1 } });
    expect(checkTransferPostponement(12, 'probationary', 0, longer)).toBeNull();
  });

  it('lets an administrator of the path or a role at the upper committee move the case', () => {
    const path = ['org-br', 'org-oc', 'org-wc'];
    const admin = { userId: 'u-a', roles: [], adminOrgIds: ['org-wc'] };
    const upper = { userId: 'u-u', roles: [{ role: 'approver' as const, at: 'org-oc' }], adminOrgIds: [] };
    const branchClerk = { userId: 'u-b', roles: [{ role: 'submitter' as const, at: 'org-br' }], adminOrgIds: [] };
    expect(checkTransferActor(admin, path, 'org-oc')).toBeNull();
    expect(checkTransferActor(upper, path, 'org-oc')).toBeNull();
    expect(checkTransferActor(branchClerk, path, 'org-oc')).toMatchObject({
      code: 'NOT_AUTHORIZED_FOR_TRANSFER',
      kind: 'forbidden',
    });
  });

  it('needs another organization and a date not before the last recorded one', () => {
    expect(checkTransferTarget('org-a', 'org-b')).toBeNull();
    expect(checkTransferTarget('org-a', 'org-a')).toMatchObject({ kind: 'invalid', numbers: { field: 'toOrgId' } });
    const last = { date: '2026-05-31', step: 'E21' };
    expect(checkTransferDate('2026-05-31', last)).toBeNull();
    expect(checkTransferDate('2026-05-30', last)).toMatchObject({
      code: 'TRANSFER_BEFORE_LAST_STEP',
      kind: 'rule',
      numbers: { effectiveDate: '2026-05-30', lastDate: '2026-05-31', lastStep: 'E21' },
    });
    expect(checkTransferDate('2026-05-30', null)).toBeNull();
  });

  it('postpones the discussion by whole months from the probation end, month ends clamped', () => {
    expect(conversionDiscussionFrom('2027-08-31', 0, policy)).toBe('2027-08-31');
    expect(conversionDiscussionFrom('2027-08-31', 6, policy)).toBe('2028-02-29');
    expect(conversionDiscussionFrom('2027-03-31', 3, policy)).toBe('2027-06-30');
  });
});
