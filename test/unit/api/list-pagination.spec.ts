import request from 'supertest';
import { DEMO_IDS, InboxRepository, NotificationRepository, encodeCursor } from '../../../libs/db';
import { createTestApp, type TestApp } from './api-test-app';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const U = DEMO_IDS.users;

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
  });

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

  it('the case list answers nextCursor beside total, limit and offset', async () => {
    const admin = await tokenFor(t, U.admin);
    const res = await get('/api/cases?limit=1', admin).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'limit', 'nextCursor', 'offset', 'total', 'totalCapped']);
    expect(res.body.totalCapped).toBe(false);
    expect(res.body.nextCursor === null).toBe(res.body.total <= 1);
  });
});
