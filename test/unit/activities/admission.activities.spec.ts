import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq } from 'drizzle-orm';
import { createActivities } from '../../../activities';
import type { Activities } from '../../../activities';
import { memberships, openTestDatabase, people } from '../../../libs/db';
import type { TestDatabase } from '../../../libs/db';
import { seedRegistry } from './activities.fixture';

jest.setTimeout(60_000);

describe('admission activities', () => {
  let database: TestDatabase;
  let activities: Activities;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await seedRegistry(database.db);
    await database.db.insert(people).values([
      { id: 'p-new', name: '申请人甲' },
      { id: 'p-cancel', name: '申请人乙' },
      { id: 'p-clamp', name: '申请人丙' },
      { id: 'p-clamp-move', name: '申请人丁' },
    ]);
    activities = createActivities({ database, mailer: null, mailFrom: 'x@example.test', webBaseUrl: 'http://web' });
  });
  afterAll(async () => {
    await database.drop();
  });

  const rows = (personId: string) =>
    database.db
      .select({ status: memberships.status, since: memberships.since, until: memberships.until })
      .from(memberships)
      .where(and(eq(memberships.personId, personId), eq(memberships.orgId, 'org-b1')))
      .orderBy(asc(memberships.since));

  it('writes probationary from the vote date, then full from the probation end, idempotently', async () => {
    const probationary = { personId: 'p-new', orgId: 'org-b1', milestone: 'probationary' as const, date: '2026-03-10' };
    await activities.recordAdmissionMilestone(probationary);
    await activities.recordAdmissionMilestone(probationary);
    expect(await rows('p-new')).toEqual([{ status: 'probationary', since: '2026-03-10', until: null }]);

    const full = { personId: 'p-new', orgId: 'org-b1', milestone: 'full' as const, date: '2027-03-10' };
    await activities.recordAdmissionMilestone(full);
    await activities.recordAdmissionMilestone(full);
    expect(await rows('p-new')).toEqual([
      { status: 'probationary', since: '2026-03-10', until: '2027-03-10' },
      { status: 'full', since: '2027-03-10', until: null },
    ]);
  });

  it('closes the probationary period on cancellation without a full membership', async () => {
    await activities.recordAdmissionMilestone({
      personId: 'p-cancel',
      orgId: 'org-b1',
      milestone: 'probationary',
      date: '2026-01-05',
    });
    await activities.recordAdmissionMilestone({
      personId: 'p-cancel',
      orgId: 'org-b1',
      milestone: 'probationCancelled',
      date: '2027-02-01',
    });
    expect(await rows('p-cancel')).toEqual([{ status: 'probationary', since: '2026-01-05', until: '2027-02-01' }]);
  });

  it('never writes a membership that ends before it starts: a cancellation dated before `since` is clamped', async () => {
    await activities.recordAdmissionMilestone({
      personId: 'p-clamp',
      orgId: 'org-b1',
      milestone: 'probationary',
      date: '2026-03-10',
    });
    await activities.recordAdmissionMilestone({
      personId: 'p-clamp',
      orgId: 'org-b1',
      milestone: 'probationCancelled',
      date: '2026-03-01',
    });
    expect(await rows('p-clamp')).toEqual([{ status: 'probationary', since: '2026-03-10', until: '2026-03-10' }]);
  });

  it('clamps the sending period of a transfer dated before the probationary start', async () => {
    await activities.recordAdmissionMilestone({
      personId: 'p-clamp-move',
      orgId: 'org-b1',
      milestone: 'probationary',
      date: '2026-05-20',
    });
    await activities.recordAdmissionMilestone({
      personId: 'p-clamp-move',
      orgId: 'org-b1',
      toOrgId: 'org-oc',
      milestone: 'transferred',
      date: '2026-05-18',
    });
    const all = await database.db
      .select({ orgId: memberships.orgId, since: memberships.since, until: memberships.until })
      .from(memberships)
      .where(eq(memberships.personId, 'p-clamp-move'))
      .orderBy(asc(memberships.orgId));
    expect(all).toEqual([
      { orgId: 'org-b1', since: '2026-05-20', until: '2026-05-20' },
      { orgId: 'org-oc', since: '2026-05-18', until: null },
    ]);
    for (const r of all) expect(r.until === null || r.until >= r.since).toBe(true);
  });

  it('fails without retry for an unknown person', async () => {
    const err = await activities
      .recordAdmissionMilestone({
        personId: 'p-nobody',
        orgId: 'org-b1',
        milestone: 'probationary',
        date: '2026-01-01',
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).toBe('PERSON_NOT_FOUND');
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
  });
});
