import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { createActivities } from '../../../activities';
import type { Activities } from '../../../activities';
import { memberships, openTestDatabase, organizations, people, posts } from '../../../libs/db';
import type { TestDatabase } from '../../../libs/db';
import { seedRegistry } from './activities.fixture';

jest.setTimeout(60_000);

describe('registry activities', () => {
  let database: TestDatabase;
  let activities: Activities;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await seedRegistry(database.db);
    activities = createActivities({ database, mailer: null, mailFrom: 'x@example.test', webBaseUrl: 'http://web' });
  });
  afterAll(async () => {
    await database.drop();
  });

  const org = async (id: string) => (await database.db.select().from(organizations).where(eq(organizations.id, id)))[0];
  const postsOf = (orgId: string) =>
    database.db
      .select({ personId: posts.personId, post: posts.post, since: posts.since, until: posts.until })
      .from(posts)
      .where(eq(posts.orgId, orgId))
      .orderBy(asc(posts.since), asc(posts.personId));

  const proposal = {
    orgId: 'org-new',
    name: '第二党支部',
    type: 'branch',
    parentId: 'org-oc',
    departmentId: 'dep-1',
    policyVersion: '2020.1',
  };

  it('registers a proposed organization idempotently and refuses an id taken by another organization', async () => {
    await activities.registerProposedOrganization(proposal);
    await activities.registerProposedOrganization(proposal);
    const row = await org('org-new');
    expect(row).toMatchObject({ status: 'proposed', type: 'branch', parentId: 'org-oc', policyVersion: '2020.1' });

    const err = await activities.registerProposedOrganization({ ...proposal, orgId: 'org-b1' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as ApplicationFailure).type).toBe('ORG_ID_CONFLICT');
  });

  it('activateOrganization writes status, term and posts; a retry leaves one set of posts', async () => {
    const input = {
      orgId: 'org-new',
      termStart: '2026-03-01',
      termEnd: '2029-03-01',
      termYears: 3,
      hasCommittee: true,
      posts: [
        { personId: 'p-1', post: 'secretary' as const },
        { personId: 'p-2', post: 'committeeMember' as const },
      ],
    };
    await activities.activateOrganization(input);
    await activities.activateOrganization(input);

    expect(await org('org-new')).toMatchObject({
      status: 'active',
      termStart: '2026-03-01',
      termEnd: '2029-03-01',
      termYears: 3,
      hasCommittee: true,
    });
    expect(await postsOf('org-new')).toEqual([
      { personId: 'p-1', post: 'secretary', since: '2026-03-01', until: null },
      { personId: 'p-2', post: 'committeeMember', since: '2026-03-01', until: null },
    ]);
  });

  it('a new term replaces the posts: previous holders end on the new term start', async () => {
    await activities.activateOrganization({
      orgId: 'org-new',
      termStart: '2029-03-01',
      termEnd: '2034-03-01',
      termYears: 5,
      hasCommittee: true,
      posts: [{ personId: 'p-3', post: 'secretary' }],
    });
    expect(await postsOf('org-new')).toEqual([
      { personId: 'p-1', post: 'secretary', since: '2026-03-01', until: '2029-03-01' },
      { personId: 'p-2', post: 'committeeMember', since: '2026-03-01', until: '2029-03-01' },
      { personId: 'p-3', post: 'secretary', since: '2029-03-01', until: null },
    ]);
    expect((await org('org-new'))!.termYears).toBe(5);
  });

  it('activateOrganization fails non-retryably for an unknown organization or person and changes nothing', async () => {
    const base = { termStart: '2026-03-01', termEnd: '2029-03-01', termYears: 3, hasCommittee: false };
    await expect(activities.activateOrganization({ ...base, orgId: 'org-missing', posts: [] })).rejects.toMatchObject({
      type: 'ORG_NOT_FOUND',
      nonRetryable: true,
    });
    await activities.registerProposedOrganization({ ...proposal, orgId: 'org-p2' });
    await expect(
      activities.activateOrganization({
        ...base,
        orgId: 'org-p2',
        posts: [{ personId: 'p-ghost', post: 'secretary' }],
      }),
    ).rejects.toMatchObject({ type: 'PERSON_NOT_FOUND', nonRetryable: true });
    expect((await org('org-p2'))!.status).toBe('proposed');
  });

  it('activation moves members held by the superior organization, never a member of another active branch', async () => {
    // p-9 is registered at the organ committee itself; p-2 belongs to the active branch org-b1 (RULES §C.1 C1)
    await database.db.insert(people).values({ id: 'p-9', name: '孙九' });
    await database.db
      .insert(memberships)
      .values({ personId: 'p-9', orgId: 'org-oc', status: 'full', since: '2019-01-01' });
    await activities.registerProposedOrganization({ ...proposal, orgId: 'org-moves' });
    await activities.activateOrganization({
      orgId: 'org-moves',
      termStart: '2026-03-01',
      termEnd: '2029-03-01',
      termYears: 3,
      hasCommittee: false,
      posts: [],
      memberPersonIds: ['p-2', 'p-9'],
    });
    const current = await database.db
      .select({ personId: memberships.personId, orgId: memberships.orgId })
      .from(memberships)
      .where(and(inArray(memberships.personId, ['p-2', 'p-9']), isNull(memberships.until)))
      .orderBy(asc(memberships.personId));
    expect(current).toEqual([
      { personId: 'p-2', orgId: 'org-b1' },
      { personId: 'p-9', orgId: 'org-moves' },
    ]);
  });

  it('dissolveProposedOrganization dissolves only a still-proposed organization', async () => {
    await activities.registerProposedOrganization({ ...proposal, orgId: 'org-drop' });
    await activities.dissolveProposedOrganization({ orgId: 'org-drop' });
    await activities.dissolveProposedOrganization({ orgId: 'org-drop' });
    await activities.dissolveProposedOrganization({ orgId: 'org-new' });
    expect((await org('org-drop'))!.status).toBe('dissolved');
    expect((await org('org-new'))!.status).toBe('active');
  });

  it('loadElectionRoster returns each person status on the given date, in input order, skipping non-members', async () => {
    const ids = ['p-3', 'p-1', 'p-4', 'p-2'];
    expect(await activities.loadElectionRoster({ personIds: ids, asOfDate: '2023-06-01' })).toEqual([
      { personId: 'p-3', name: '王五', status: 'full' },
      { personId: 'p-1', name: '张三', status: 'probationary' },
      { personId: 'p-2', name: '李四', status: 'full' },
    ]);
    expect(await activities.loadElectionRoster({ personIds: ids, asOfDate: '2026-01-01' })).toEqual([
      { personId: 'p-3', name: '王五', status: 'partyProbation' },
      { personId: 'p-1', name: '张三', status: 'full' },
      { personId: 'p-2', name: '李四', status: 'full' },
    ]);
    // a status that starts on the date applies on that date
    expect(await activities.loadElectionRoster({ personIds: ['p-1'], asOfDate: '2024-01-10' })).toEqual([
      { personId: 'p-1', name: '张三', status: 'full' },
    ]);
    expect(await activities.loadElectionRoster({ personIds: [], asOfDate: '2026-01-01' })).toEqual([]);
  });
});
