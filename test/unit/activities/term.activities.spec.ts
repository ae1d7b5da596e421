import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq } from 'drizzle-orm';
import { createActivities } from '../../../activities';
import type { Activities } from '../../../activities';
import { openTestDatabase, organizations, posts, roleGrants } from '../../../libs/db';
import type { TestDatabase } from '../../../libs/db';
import { seedRegistry } from './activities.fixture';

jest.setTimeout(60_000);

describe('term activities', () => {
  let database: TestDatabase;
  let activities: Activities;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await seedRegistry(database.db);
    await database.db
      .update(organizations)
      .set({ termStart: '2024-03-01', termEnd: '2027-02-28', termYears: 3, hasCommittee: true })
      .where(eq(organizations.id, 'org-b1'));
    await database.db.insert(posts).values([
      { orgId: 'org-b1', personId: 'p-1', post: 'secretary', since: '2024-03-01' },
      { orgId: 'org-b1', personId: 'p-2', post: 'committeeMember', since: '2024-03-01' },
      { orgId: 'org-b1', personId: 'p-4', post: 'organizer', since: '2024-03-01' },
    ]);
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
      .orderBy(asc(posts.since), asc(posts.personId), asc(posts.post));
  const failureOf = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as ApplicationFailure,
    );

  it('loadOrgRoster returns the members of the organization on a date with their status', async () => {
    expect(await activities.loadOrgRoster({ orgId: 'org-b1', asOfDate: '2025-07-01' })).toEqual([
      { personId: 'p-1', name: '张三', status: 'full' },
      { personId: 'p-2', name: '李四', status: 'full' },
      { personId: 'p-3', name: '王五', status: 'partyProbation' },
    ]);
    // p-1 was probationary until 2024-01-10; p-3 a full member before 2025-06-01
    expect(await activities.loadOrgRoster({ orgId: 'org-b1', asOfDate: '2023-06-01' })).toEqual([
      { personId: 'p-1', name: '张三', status: 'probationary' },
      { personId: 'p-2', name: '李四', status: 'full' },
      { personId: 'p-3', name: '王五', status: 'full' },
    ]);
    expect(await activities.loadOrgRoster({ orgId: 'org-oc', asOfDate: '2025-07-01' })).toEqual([]);
  });

  it('recordTermState projects the clock for the current term, keeps a shift and ignores a stale term', async () => {
    const base = {
      orgId: 'org-b1',
      termNo: 1,
      electionDue: '2027-02-28',
      electionCaseId: null,
      at: '2026-09-01T00:00:00.000Z',
    };
    await activities.recordTermState({ ...base, state: 'dueSoon' });
    expect(await org('org-b1')).toMatchObject({
      termNo: 1,
      termState: 'dueSoon',
      electionDue: null,
      electionCaseId: null,
    });

    await activities.recordTermState({
      ...base,
      state: 'electionOpen',
      electionDue: '2028-02-01',
      electionCaseId: 'election:org-b1:1',
    });
    await activities.recordTermState({
      ...base,
      state: 'electionOpen',
      electionDue: '2028-02-01',
      electionCaseId: 'election:org-b1:1',
    });
    expect(await org('org-b1')).toMatchObject({
      termState: 'electionOpen',
      electionDue: '2028-02-01',
      electionCaseId: 'election:org-b1:1',
    });

    await activities.recordTermState({ ...base, termNo: 7, state: 'overdue' });
    expect((await org('org-b1')).termState).toBe('electionOpen');

    const err = await failureOf(activities.recordTermState({ ...base, orgId: 'org-missing', state: 'current' }));
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err?.type).toBe('ORG_NOT_FOUND');
  });

  it('endPosts closes vacated posts on the day they occurred, idempotently', async () => {
    const input = {
      orgId: 'org-b1',
      vacancies: [
        { personId: 'p-2', post: 'committeeMember', occurredOn: '2025-05-10', reason: 'transferred' },
        // p-3 holds no post: skipped
        { personId: 'p-3', post: 'deputySecretary', occurredOn: '2025-05-10', reason: 'resigned' },
      ],
    };
    await activities.endPosts(input);
    await activities.endPosts(input);
    expect(await postsOf('org-b1')).toEqual([
      { personId: 'p-1', post: 'secretary', since: '2024-03-01', until: null },
      { personId: 'p-2', post: 'committeeMember', since: '2024-03-01', until: '2025-05-10' },
      { personId: 'p-4', post: 'organizer', since: '2024-03-01', until: null },
    ]);
  });

  it('fillPosts adds by-elected members from the reply date, idempotently', async () => {
    const input = {
      orgId: 'org-b1',
      since: '2025-08-01',
      posts: [{ personId: 'p-3', post: 'committeeMember' as const }],
    };
    await activities.fillPosts(input);
    await activities.fillPosts(input);
    const held = (await postsOf('org-b1')).filter((p) => p.personId === 'p-3');
    expect(held).toEqual([{ personId: 'p-3', post: 'committeeMember', since: '2025-08-01', until: null }]);

    const err = await failureOf(
      activities.fillPosts({ ...input, posts: [{ personId: 'p-nobody', post: 'committeeMember' }] }),
    );
    expect(err?.type).toBe('PERSON_NOT_FOUND');
    expect((await postsOf('org-b1')).some((p) => p.personId === 'p-nobody')).toBe(false);
  });

  it('startNewTerm replaces the elected posts, closes the old term and is safe to retry', async () => {
    const input = {
      orgId: 'org-b1',
      termNo: 2,
      termStart: '2027-03-10',
      termEnd: '2030-03-09',
      termYears: 3,
      hasCommittee: true,
      posts: [
        { personId: 'p-2', post: 'secretary' as const },
        { personId: 'p-1', post: 'committeeMember' as const },
      ],
    };
    await activities.startNewTerm(input);
    await activities.startNewTerm(input);
    expect(await org('org-b1')).toMatchObject({
      termNo: 2,
      termStart: '2027-03-10',
      termEnd: '2030-03-09',
      termYears: 3,
      termState: 'current',
      electionDue: null,
      electionCaseId: null,
    });
    expect(await postsOf('org-b1')).toEqual([
      { personId: 'p-1', post: 'secretary', since: '2024-03-01', until: '2027-03-10' },
      { personId: 'p-2', post: 'committeeMember', since: '2024-03-01', until: '2025-05-10' },
      // 组织员 is not an elected post: untouched
      { personId: 'p-4', post: 'organizer', since: '2024-03-01', until: null },
      { personId: 'p-3', post: 'committeeMember', since: '2025-08-01', until: '2027-03-10' },
      { personId: 'p-1', post: 'committeeMember', since: '2027-03-10', until: null },
      { personId: 'p-2', post: 'secretary', since: '2027-03-10', until: null },
    ]);

    // the next term given as "the term after the registry's current one" (termNo not above it) still advances
    await activities.startNewTerm({ ...input, termNo: 2, termStart: '2030-03-20', termEnd: '2033-03-19', posts: [] });
    expect(await org('org-b1')).toMatchObject({ termNo: 3, termStart: '2030-03-20' });
    const open = (await postsOf('org-b1')).filter((p) => p.until === null);
    expect(open).toEqual([{ personId: 'p-4', post: 'organizer', since: '2024-03-01', until: null }]);

    const err = await failureOf(activities.startNewTerm({ ...input, orgId: 'org-missing' }));
    expect(err?.type).toBe('ORG_NOT_FOUND');
  });

  it('usersForBodies resolves role holders at the bodies; admins of ancestors cover the body', async () => {
    expect(await activities.usersForBodies({ bodyIds: ['org-oc', 'pg-1'], role: 'approver' })).toEqual([
      'u-appr-oc',
      'u-appr-pg',
    ]);
    expect(await activities.usersForBodies({ bodyIds: ['org-b1'], role: 'admin' })).toEqual([
      'u-admin-oc',
      'u-admin-wc',
    ]);
    expect(await activities.usersForBodies({ bodyIds: ['org-wc'], role: 'admin' })).toEqual(['u-admin-wc']);
    expect(await activities.usersForBodies({ bodyIds: ['org-b1', 'org-b1'], role: 'submitter' })).toEqual(['u-sub-b1']);
    expect(await activities.usersForBodies({ bodyIds: [], role: 'approver' })).toEqual([]);
    await database.db.insert(roleGrants).values({ userId: 'u-named', role: 'approver', at: 'org-b1' });
    expect(await activities.usersForBodies({ bodyIds: ['org-b1'], role: 'approver' })).toEqual(['u-named']);
    await database.db.delete(roleGrants).where(and(eq(roleGrants.userId, 'u-named'), eq(roleGrants.at, 'org-b1')));
  });

  it('activateOrganization starts term 1 in state current', async () => {
    await activities.registerProposedOrganization({
      orgId: 'org-b2',
      name: '第二党支部',
      type: 'branch',
      parentId: 'org-oc',
      departmentId: 'dep-1',
      policyVersion: '2026.1',
    });
    expect((await org('org-b2')).termState).toBeNull();
    await activities.activateOrganization({
      orgId: 'org-b2',
      termStart: '2026-03-01',
      termEnd: '2029-02-28',
      termYears: 3,
      hasCommittee: false,
      posts: [{ personId: 'p-4', post: 'secretary' }],
    });
    expect(await org('org-b2')).toMatchObject({ status: 'active', termNo: 1, termState: 'current', electionDue: null });
  });

  it('startTermClock without a Temporal client fails non-retryably', async () => {
    const err = await failureOf(
      activities.startTermClock({
        orgId: 'org-b1',
        orgPath: ['org-b1', 'org-oc', 'org-wc'],
        orgName: '第一党支部',
        orgType: 'branch',
        termNo: 1,
        termStart: '2024-03-01',
        termEnd: '2027-02-28',
        shiftedTo: null,
        partyGroupBodyId: 'pg-1',
        workCommitteeBodyId: 'org-wc',
        upperBodyId: 'org-oc',
        policyVersion: '2026.1',
      }),
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err?.nonRetryable).toBe(true);
  });
});
