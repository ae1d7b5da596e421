import {
  countRoster,
  DEMO_IDS,
  DEMO_NEW_BRANCH_ROSTER,
  IdentityRepository,
  RegistryRepository,
  seedDemoData,
  seedTestRoster,
} from '../../../libs/db';
import { LANES, useLane } from './lanes';

const O = DEMO_IDS.orgs;

describe.each(LANES)('RegistryRepository on %s', (lane) => {
  const db = useLane(lane);
  let registry: RegistryRepository;
  beforeAll(async () => {
    await seedDemoData(db());
    registry = new RegistryRepository(db());
  });

  it('walks ancestors root-last and descendants', async () => {
    expect(await registry.ancestorsOf(O.budgetBranch)).toEqual([
      O.financeGeneralBranch,
      O.financeOrganCommittee,
      O.workCommittee,
    ]);
    expect(await registry.orgPathOf(O.budgetBranch)).toEqual([
      O.budgetBranch,
      O.financeGeneralBranch,
      O.financeOrganCommittee,
      O.workCommittee,
    ]);
    expect(await registry.ancestorsOf(O.workCommittee)).toEqual([]);
    expect((await registry.descendantsOf(O.financeOrganCommittee)).sort()).toEqual(
      [O.financeGeneralBranch, O.budgetBranch, O.treasuryBranch, O.officeBranch].sort(),
    );
    expect(await registry.descendantsOf(O.budgetBranch)).toEqual([]);
  });

  it('builds the nested tree', async () => {
    const [root] = await registry.getTree();
    expect(root.id).toBe(O.workCommittee);
    expect(root.children.map((c) => c.id).sort()).toEqual([O.eduOrganCommittee, O.financeOrganCommittee].sort());
    const [sub] = await registry.getTree(O.financeGeneralBranch);
    expect(sub.children.map((c) => c.id).sort()).toEqual([O.budgetBranch, O.treasuryBranch].sort());
    expect(await registry.getTree('org-missing')).toEqual([]);
  });

  it('computes a roster as of a date from membership history', async () => {
    // p-fin-t07 transferred 预算处 → 国库处 on 2025-03-01; p-fin-b08 converted probationary → full on 2025-10-01
    const before = await registry.rosterAsOf(O.budgetBranch, '2025-02-28');
    const after = await registry.rosterAsOf(O.budgetBranch, '2025-03-01');
    expect(before.map((m) => m.personId)).toContain('p-fin-t07');
    expect(after.map((m) => m.personId)).not.toContain('p-fin-t07');
    expect((await registry.rosterAsOf(O.treasuryBranch, '2025-03-01')).map((m) => m.personId)).toContain('p-fin-t07');
    expect(before.find((m) => m.personId === 'p-fin-b08')?.status).toBe('probationary');
    const now = await registry.rosterAsOf(O.budgetBranch, '2026-11-01');
    expect(now.find((m) => m.personId === 'p-fin-b08')).toMatchObject({ status: 'full', since: '2025-10-01' });
    expect(now).toHaveLength(10);
    // p-fin-b09 only became probationary on 2026-05-01
    expect(before.map((m) => m.personId)).not.toContain('p-fin-b09');
  });

  it('counts members of a roster by person ids (RULES §B.1)', async () => {
    const counts = await registry.countMembers([...DEMO_NEW_BRANCH_ROSTER], '2026-11-01');
    expect(counts).toEqual({ full: 10, probationary: 2, total: 12, withoutVotingRights: 0 });
    // probationary members joined 2026-06-01
    expect(await registry.countMembers([...DEMO_NEW_BRANCH_ROSTER], '2026-01-01')).toMatchObject({
      full: 10,
      probationary: 0,
      total: 10,
    });
    const budget = await registry.rosterAsOf(O.budgetBranch, '2026-11-01');
    expect(countRoster(budget.map((m) => m.status))).toEqual({
      full: 9,
      probationary: 1,
      total: 10,
      withoutVotingRights: 1,
    });
    // a non-member is left out of the roster
    expect(await registry.rosterAsOf(['p-applicant-01', 'p-fin-t01'], '2026-11-01')).toEqual([
      expect.objectContaining({ personId: 'p-fin-t01', status: 'full' }),
    ]);
  });

  it('proposes an org idempotently and activates it with posts', async () => {
    const input = {
      id: DEMO_IDS.plannedBranchOrgId,
      name: '中共教育厅基础教育处支部委员会',
      type: 'branch' as const,
      parentId: O.eduOrganCommittee,
      departmentId: DEMO_IDS.departments.edu,
      hasCommittee: true,
      policyVersion: 'v1',
    };
    expect(await registry.insertProposedOrg(input)).toMatchObject({ status: 'proposed', policyVersion: 'v1' });
    expect(await registry.insertProposedOrg({ ...input, name: 'changed' })).toMatchObject({ name: input.name });
    const assignments = [
      { personId: 'p-edu-01', post: 'secretary' as const },
      { personId: 'p-edu-02', post: 'committeeMember' as const },
    ];
    const org = await registry.activateOrg(input.id, '2026-12-01', '2029-11-30', 3, assignments);
    expect(org).toMatchObject({ status: 'active', termStart: '2026-12-01', termEnd: '2029-11-30', termYears: 3 });
    await registry.activateOrg(input.id, '2026-12-01', '2029-11-30', 3, assignments);
    const held = await registry.postsOf(input.id);
    expect(held.map((p) => [p.personId, p.post]).sort()).toEqual([
      ['p-edu-01', 'secretary'],
      ['p-edu-02', 'committeeMember'],
    ]);
    expect(await registry.postsOf(input.id, '2026-11-30')).toEqual([]);
    expect(await registry.setOrgStatus(input.id, 'dissolved')).toBe(true);
    expect((await registry.getOrg(input.id))?.status).toBe('dissolved');
    expect(await registry.setOrgStatus('org-missing', 'active')).toBe(false);
    await expect(registry.activateOrg('org-missing', '2026-12-01', '2029-11-30', 3, [])).rejects.toThrow(/not found/);
  });

  it('resolves departments, party groups and parent bodies', async () => {
    expect((await registry.getDepartment(DEMO_IDS.departments.finance))?.name).toBe('财政厅');
    expect((await registry.partyGroupOfDepartment(DEMO_IDS.departments.edu))?.id).toBe(DEMO_IDS.partyGroups.edu);
    expect(await registry.partyGroupOfDepartment('dept-none')).toBeNull();
    expect(await registry.parentBodyOf(O.budgetBranch)).toBe(O.financeGeneralBranch);
    expect(await registry.parentBodyOf(O.workCommittee)).toBeNull();
    expect(await registry.parentBodyOf(DEMO_IDS.partyGroups.finance)).toBe(O.workCommittee);
    expect(await registry.parentBodyOf('unknown')).toBeNull();
  });

  it('lists people and current posts', async () => {
    const people = await registry.listPeople();
    expect(people.length).toBeGreaterThanOrEqual(35);
    expect((await registry.getPerson('p-applicant-01'))?.name).toBe('欧阳晓明');
    const posts = await registry.postsOf(O.budgetBranch);
    expect(posts.find((p) => p.post === 'secretary')?.personId).toBe('p-fin-b04');
  });

  it('seedTestRoster adds synthetic members once', async () => {
    const ids = await seedTestRoster(db(), { orgId: O.officeBranch, full: 2, probationary: 1, prefix: 'p-syn' });
    await seedTestRoster(db(), { orgId: O.officeBranch, full: 2, probationary: 1, prefix: 'p-syn' });
    expect(await registry.countMembers(ids, '2026-01-01')).toMatchObject({ full: 2, probationary: 1, total: 3 });
    expect((await registry.rosterAsOf(O.officeBranch, '2026-11-01')).length).toBe(9);
  });
});

describe.each(LANES)('IdentityRepository on %s', (lane) => {
  const db = useLane(lane);
  let identity: IdentityRepository;
  beforeAll(async () => {
    await seedDemoData(db());
    identity = new IdentityRepository(db());
  });

  it('reads users and their grants', async () => {
    expect((await identity.getUser(DEMO_IDS.users.admin))?.displayName).toBe('系统管理员');
    expect(await identity.getUser('u-none')).toBeNull();
    expect(await identity.rolesOf(DEMO_IDS.users.financePartyGroupApprover)).toEqual([
      { role: 'approver', at: DEMO_IDS.partyGroups.finance },
    ]);
    expect((await identity.listUsers()).map((u) => u.id)).toEqual(
      expect.arrayContaining(Object.values(DEMO_IDS.users)),
    );
  });

  it('finds the users acting for a body', async () => {
    expect((await identity.usersForBody(O.workCommittee, 'approver')).map((u) => u.id)).toEqual([
      DEMO_IDS.users.workCommitteeApprover,
    ]);
    expect(await identity.usersForBody(O.workCommittee, 'submitter')).toEqual([]);
  });

  it('expands admin grants to whole subtrees', async () => {
    const all = await identity.adminOrgIdsOf(DEMO_IDS.users.admin);
    expect(all).toEqual(expect.arrayContaining(Object.values(O)));
    const edu = await identity.adminOrgIdsOf(DEMO_IDS.users.eduOrganCommitteeApprover);
    expect(edu).toContain(O.eduOrganCommittee);
    expect(edu).not.toContain(O.financeOrganCommittee);
    expect(await identity.adminOrgIdsOf(DEMO_IDS.users.clerk)).toEqual([]);
    const actor = await identity.actorFor(DEMO_IDS.users.admin);
    expect(actor).toMatchObject({ userId: 'u-admin', roles: [{ role: 'admin', at: O.workCommittee }] });
    expect(await identity.actorFor('u-none')).toBeNull();
  });
});
