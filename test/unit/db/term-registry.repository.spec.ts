import { eq } from 'drizzle-orm';
import {
  DEMO_IDS,
  demoRelativeTerms,
  IdentityRepository,
  organizations,
  RegistryRepository,
  seedDemoData,
} from '../../../libs/db';
import { getPolicy, termEndDate, withOverrides } from '../../../libs/domain';
import { LANES, useLane } from './lanes';

const O = DEMO_IDS.orgs;
const SEED_DATE = '2026-11-23';

describe.each(LANES)('term registry on %s', (lane) => {
  const db = useLane(lane);
  let registry: RegistryRepository;
  beforeAll(async () => {
    await seedDemoData(db(), { seedDate: SEED_DATE });
    registry = new RegistryRepository(db());
    const set = (id: string, values: Partial<typeof organizations.$inferInsert>) =>
      db().db.update(organizations).set(values).where(eq(organizations.id, id));
    await set(O.budgetBranch, { termState: 'electionOpen', electionCaseId: 'election:org-fin-budget-br:1' });
    await set(O.treasuryBranch, { termState: 'current' });
    await set(O.officeBranch, { termState: 'overdue', electionDue: '2027-06-30' });
    await set(O.eduHrBranch, { termState: 'overdue' });
  });

  it('places the demo due-soon and overdue branches relative to the seed date, with posts from their term start', async () => {
    expect(demoRelativeTerms(SEED_DATE)).toEqual({
      eduPolicyBranch: { termStart: '2024-03-23', termEnd: '2027-03-23' },
      eduHrBranch: { termStart: '2023-09-23', termEnd: '2026-09-23' },
    });
    expect(await registry.getOrgTerm(O.eduPolicyBranch)).toMatchObject({
      status: 'active',
      parentId: O.eduOrganCommittee,
      termStart: '2024-03-23',
      termEnd: '2027-03-23',
      termNo: 1,
    });
    const held = await registry.postsOf(O.eduHrBranch);
    expect(held.map((p) => [p.personId, p.post, p.since])).toEqual([
      ['p-edu-hr01', 'secretary', '2023-09-23'],
      ['p-edu-hr02', 'committeeMember', '2023-09-23'],
      ['p-edu-hr03', 'committeeMember', '2023-09-23'],
    ]);
    // a later seed keeps the stored dates and adds nothing
    await seedDemoData(db(), { seedDate: '2027-05-01' });
    expect((await registry.getOrgTerm(O.eduHrBranch))?.termEnd).toBe('2026-09-23');
    expect(await registry.postsOf(O.eduHrBranch)).toHaveLength(3);
    expect((await registry.rosterAsOf(O.eduPolicyBranch, SEED_DATE)).map((m) => m.status).sort()).toEqual([
      ...Array<string>(8).fill('full'),
      'probationary',
    ]);
  });

  it('ends every seeded term where a new term ends: the same calendar day, the anniversary (RULES H-13, B.2)', async () => {
    const orgs = await registry.listOrgs({ ids: Object.values(O) });
    expect(orgs).toHaveLength(Object.values(O).length);
    for (const org of orgs) {
      // a new term of the same length from the same start (termEndDate: the C10 and E10 rule)
      const years = withOverrides(getPolicy(), { termYears: { [org.type]: org.termYears } as never });
      expect([org.id, org.termEnd]).toEqual([org.id, termEndDate(org.termStart!, org.type as never, years)]);
      expect(org.termEnd!.slice(5)).toBe(org.termStart!.slice(5)); // no seeded start on 29 February
    }
    expect((await registry.getOrgTerm(O.budgetBranch))?.termEnd).toBe('2027-01-15'); // started 2024-01-15
  });

  it('gives each active organization below the root its secretary as a submitter user', async () => {
    const identity = new IdentityRepository(db());
    for (const [key, userId] of Object.entries(DEMO_IDS.secretaries)) {
      const orgId = O[key as keyof typeof O];
      const secretary = (await registry.postsOf(orgId)).find((p) => p.post === 'secretary');
      expect(secretary).toBeDefined();
      expect((await identity.getUser(userId))?.personId).toBe(secretary!.personId);
      expect((await identity.usersForBody(orgId, 'submitter')).map((u) => u.id)).toContain(userId);
    }
  });

  it('reads the term projection of an organization', async () => {
    expect(await registry.getOrgTerm(O.budgetBranch)).toMatchObject({
      id: O.budgetBranch,
      termNo: 1,
      termEnd: '2027-01-15',
      electionDue: null,
      termState: 'electionOpen',
      electionCaseId: 'election:org-fin-budget-br:1',
    });
    expect(await registry.getOrgTerm('org-missing')).toBeNull();
    // the plain org record keeps the contract's shape
    expect(await registry.getOrg(O.budgetBranch)).not.toHaveProperty('termState');
  });

  it('lists organizations by term state, by subtree, ordered by the date the election is due', async () => {
    const overdue = await registry.listByTermState({ states: ['overdue'] });
    // 人事处 due 2026-09-23; 办公室 shifted to 2027-06-30 (its term ends 2027-09-01)
    expect(overdue.map((o) => [o.id, o.electionDue ?? o.termEnd])).toEqual([
      [O.eduHrBranch, '2026-09-23'],
      [O.officeBranch, '2027-06-30'],
    ]);
    expect(
      (await registry.listByTermState({ states: ['overdue'], subtreeRootId: O.financeOrganCommittee })).map(
        (o) => o.id,
      ),
    ).toEqual([O.officeBranch]);
    const open = await registry.listByTermState({
      states: ['electionOpen', 'current'],
      subtreeRootId: O.financeGeneralBranch,
    });
    expect(open.map((o) => o.id)).toEqual([O.budgetBranch, O.treasuryBranch]);
    // subtree includes its root; null matches organizations whose clock never reported
    const unreported = await registry.listByTermState({ states: [null], subtreeRootId: O.financeGeneralBranch });
    expect(unreported.map((o) => o.id)).toEqual([O.financeGeneralBranch]);
    expect(await registry.listByTermState({ states: [] })).toEqual([]);
    const all = await registry.listByTermState();
    expect(all.map((o) => o.id).sort()).toEqual([...Object.values(O)].sort());
    expect(await registry.listByTermState({ status: 'proposed' })).toEqual([]);
  });
});
