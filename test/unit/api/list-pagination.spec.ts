import { sql } from 'drizzle-orm';
import request from 'supertest';
import { DEMO_IDS, InboxRepository, NotificationRepository, encodeCursor } from '../../../libs/db';
import { createTestApp, type TestApp } from './api-test-app';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const U = DEMO_IDS.users;
const BRANCH = DEMO_IDS.orgs.budgetBranch;

async function tokenFor(t: TestApp, userId: string): Promise<string> {
  const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
  return `Bearer ${res.body.accessToken as string}`;
}

describe('paginated lists: page caps and cursors over HTTP (issue 8 §6)', () => {
  let t: TestApp;
  let clerk: string;
  let get: (path: string, token?: string) => request.Test;

  beforeAll(async () => {
    t = await createTestApp();
    clerk = await tokenFor(t, U.clerk);
    get = (path, token = clerk) => request(t.app.getHttpServer()).get(path).set('Authorization', token);
    const inbox = new InboxRepository(t.database);
    const outbox = new NotificationRepository(t.database);
    for (let i = 0; i < 5; i++) {
      await inbox.upsertTask({
        taskId: `page-${i}`,
        caseId: `case-page-${i}`,
        procedure: 'admission',
        orgId: DEMO_IDS.orgs.budgetBranch,
        orgPath: [DEMO_IDS.orgs.budgetBranch],
        caseTitle: 'c',
        step: 'E2',
        kind: 'input',
        title: 't',
        titleEn: 't',
        assignedBodyId: null,
        assigneeUserIds: [U.clerk],
        createdAt: `2026-03-01T00:00:0${i}.000Z`,
        dueAt: null,
        status: 'open',
        outcome: null,
        decidedBy: null,
        decidedAt: null,
        comment: null,
        remindedAt: null,
        escalatedToBodyId: null,
        escalatedAt: null,
      });
      await outbox.enqueue({ dedupeKey: `page-${i}`, userId: U.clerk, channel: 'inApp', subject: 's', body: 'b' });
    }
    // seven meeting records of the budget branch in 2027 (two on one day) and five members on its lapse watch
    await t.database.db.execute(sql`
      insert into orglife_records (record_id, org_id, kind, held_on, topic, recorded_by, recorded_at)
      select 'rec-page-' || n, ${BRANCH}, 'partyClass', date '2027-01-01' + (n / 2) * 20, 't', 'u', now()
      from generate_series(1, 7) as n`);
    await t.database.db.execute(sql`
      insert into orglife_lapse_watch (org_id, person_id, level, consecutive_months, as_of)
      select ${BRANCH}, 'p-page-' || n, case when n > 3 then 'flagged' else 'warned' end, 2 + n, '2027-03-31'
      from generate_series(1, 5) as n`);
  });

  /** Every item of a paginated list, fetched `limit` at a time until nextCursor is null. */
  async function pages(path: string, token: string, key: (item: never) => string, limit: number) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let count = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, token).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...(res.body.items as never[]).map(key));
      cursor = res.body.nextCursor as string | null;
      count++;
    } while (cursor && count < 100);
    return { seen, count };
  }

  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['/api/inbox?limit=0', 'limit'],
    ['/api/inbox?limit=201', 'limit'],
    ['/api/inbox?limit=ten', 'limit'],
    ['/api/inbox?cursor=not-a-cursor', 'cursor'],
    [`/api/inbox?cursor=${encodeCursor('cases', ['2026-03-01T00:00:00.000000Z', 'x'])}`, 'cursor'],
    ['/api/notifications?limit=1000', 'limit'],
    [`/api/notifications?cursor=${encodeCursor('notifications', ['2026-03-01T00:00:00.000000Z', -3])}`, 'cursor'],
    ['/api/cases?limit=201', 'limit'],
    ['/api/cases?offset=10001', 'offset'],
    ['/api/cases?cursor=%7B%7D', 'cursor'],
    ['/api/admission-cases?limit=500', 'limit'],
    [`/api/bodies/${DEMO_IDS.orgs.budgetBranch}/tasks?limit=201`, 'limit'],
    [`/api/bodies/${DEMO_IDS.orgs.budgetBranch}/tasks?cursor=x`, 'cursor'],
    ['/api/orgs/term-states?limit=201', 'limit'],
    ['/api/orgs/term-states?limit=0', 'limit'],
    [`/api/orgs/term-states?cursor=${encodeCursor('cases', ['2026-03-01T00:00:00.000000Z', 'x'])}`, 'cursor'],
    [`/api/orgs/term-states?cursor=${encodeCursor('termStates', ['2026-02-30', 'x'])}`, 'cursor'],
    [`/api/orgs/${BRANCH}/org-life/2027/records?limit=201`, 'limit'],
    [`/api/orgs/${BRANCH}/org-life/2027/records?cursor=${encodeCursor('termStates', [null, 'x'])}`, 'cursor'],
    ['/api/org-life/lapse-watch?limit=201', 'limit'],
    ['/api/org-life/lapse-watch?cursor=garbage', 'cursor'],
  ])('%s answers 400 naming %s', async (path, field) => {
    const res = await get(path).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect((res.body.issues as { path: string }[]).map((i) => i.path)).toEqual([field]);
  });

  it('the inbox pages with nextCursor until null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/inbox?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...(res.body.items as { taskId: string }[]).map((i) => i.taskId));
      expect(res.body.counts.open).toBe(5);
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  });

  it('notifications keep an array body and carry the next cursor in X-Next-Cursor', async () => {
    const first = await get('/api/notifications?limit=3').expect(200);
    expect(first.body).toHaveLength(3);
    const cursor = first.headers['x-next-cursor'] as string;
    expect(cursor).toEqual(expect.any(String));
    const second = await get(`/api/notifications?limit=3&cursor=${cursor}`).expect(200);
    expect(second.body).toHaveLength(2);
    expect(second.headers['x-next-cursor']).toBeUndefined();
    const ids = [...first.body, ...second.body].map((n: { id: number }) => n.id);
    expect(new Set(ids).size).toBe(5);
  });

  it('term states page by the date the election is due, with and without a state', async () => {
    const admin = await tokenFor(t, U.admin);
    const whole = await get('/api/orgs/term-states?limit=200', admin).expect(200);
    expect(Object.keys(whole.body).sort()).toEqual(['asOf', 'items', 'nextCursor']);
    expect(whole.body.nextCursor).toBeNull();
    const ids = (whole.body.items as { orgId: string }[]).map((i) => i.orgId);
    expect(ids.length).toBeGreaterThan(5);
    const byTwo = await pages('/api/orgs/term-states', admin, (i: { orgId: string }) => i.orgId, 2);
    expect(byTwo.seen).toEqual(ids);
    expect(byTwo.count).toBe(Math.ceil(ids.length / 2));
    const current = (whole.body.items as { orgId: string; state: string }[]).filter((i) => i.state === 'current');
    expect(current.length).toBeGreaterThan(1);
    const paged = await pages('/api/orgs/term-states?state=current', admin, (i: { orgId: string }) => i.orgId, 1);
    expect(paged.seen).toEqual(current.map((i) => i.orgId));
  });

  it('org-life records page newest first and the lapse watch most months first', async () => {
    const admin = await tokenFor(t, U.admin);
    const path = `/api/orgs/${BRANCH}/org-life/2027/records`;
    const whole = await get(path, admin).expect(200);
    expect(whole.body.nextCursor).toBeNull();
    const ids = (whole.body.items as { recordId: string }[]).map((r) => r.recordId);
    // two records a day (n / 2): the newest day first, a day's records by id
    expect(ids).toEqual([
      'rec-page-6',
      'rec-page-7',
      'rec-page-4',
      'rec-page-5',
      'rec-page-2',
      'rec-page-3',
      'rec-page-1',
    ]);
    expect((await pages(path, admin, (r: { recordId: string }) => r.recordId, 3)).seen).toEqual(ids);
    const watch = await pages(
      `/api/org-life/lapse-watch?orgId=${BRANCH}`,
      admin,
      (r: { personId: string }) => r.personId,
      2,
    );
    expect(watch).toEqual({ seen: ['p-page-5', 'p-page-4', 'p-page-3', 'p-page-2', 'p-page-1'], count: 3 });
  });

  it('the case list answers nextCursor beside total, limit and offset', async () => {
    const admin = await tokenFor(t, U.admin);
    const res = await get('/api/cases?limit=1', admin).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'limit', 'nextCursor', 'offset', 'total', 'totalCapped']);
    expect(res.body.totalCapped).toBe(false);
    expect(res.body.nextCursor === null).toBe(res.body.total <= 1);
  });
});
