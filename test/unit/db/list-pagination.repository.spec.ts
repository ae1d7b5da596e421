import { sql } from 'drizzle-orm';
import {
  CASE_COUNT_CAP,
  CaseSummaryRepository,
  InboxRepository,
  InvalidCursorError,
  MAX_PAGE_SIZE,
  NotificationRepository,
  OrgLifeRepository,
  RegistryRepository,
  TERM_STATES_SCAN_MAX,
  decodeCursor,
  encodeCursor,
  type InboxTask,
} from '../../../libs/db';
import { LANES, useLane } from './lanes';

jest.setTimeout(120_000);

/** Pages through a list until nextCursor is null; fails on a page that repeats a row or on a runaway loop. */
async function all<T>(
  next: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  key: (t: T) => string,
  pageLimit: number,
): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 1; pages < 1000; pages++) {
    const page = await next(cursor);
    expect(page.items.length).toBeLessThanOrEqual(pageLimit);
    for (const item of page.items) {
      expect(seen.has(key(item))).toBe(false);
      seen.add(key(item));
      rows.push(item);
    }
    if (!page.nextCursor) return { rows, pages };
    expect(page.items.length).toBe(pageLimit);
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

const ROLES = [{ role: 'approver' as const, at: 'body-a' }];

describe.each(LANES)('keyset pagination of the lists on %s', (lane) => {
  const db = useLane(lane);

  beforeAll(async () => {
    const database = db();
    // 157 tasks visible to u-page: named on them or approvals at body-a; due dates repeat (and 1 in 5 has none),
    // creation times repeat to the microsecond, so order and stability rest on the task id as the last key
    await database.db.execute(sql`
      insert into tasks (task_id, case_id, procedure, org_id, org_path, step, kind, title, title_en, assigned_body_id,
                         assignee_user_ids, created_at, due_at, status)
      select 'p-' || lpad(n::text, 4, '0'), 'case-p-' || (n % 40), 'admission', 'org-p', array['org-p', 'org-root'],
             'E2', case when n % 2 = 0 then 'approval' else 'input' end, 't', 't',
             case when n % 2 = 0 then 'body-a' else 'body-b' end,
             case when n % 2 = 0 then array[]::text[] else array['u-page'] end,
             timestamptz '2026-03-01 00:00:00.123456+00' + ((n % 7) || ' seconds')::interval,
             case when n % 5 = 0 then null
                  else timestamptz '2026-04-01 00:00:00.000001+00' + ((n % 11) || ' hours')::interval end,
             case when n % 13 = 0 then 'done' else 'open' end
      from generate_series(1, 157) as n`);
    // 120 cases, submitted in 9 distinct microseconds
    await database.db.execute(sql`
      insert into case_summaries (case_id, procedure, org_id, org_path, title, status, stage, submitted_by,
                                  submitted_at, pending_body_ids)
      select 'case-p-' || lpad(n::text, 4, '0'), 'admission', 'org-p', array['org-p', 'org-root'], 'c', 'active', 'E2',
             case when n % 3 = 0 then 'u-page' else 'u-other' end,
             timestamptz '2026-03-01 00:00:00.000007+00' + ((n % 9) || ' microseconds')::interval, array[]::text[]
      from generate_series(1, 120) as n`);
    const outbox = new NotificationRepository(database);
    for (let i = 0; i < 23; i++) {
      await outbox.enqueue({
        dedupeKey: `page-${i}`,
        userId: 'u-page',
        channel: 'inApp',
        subject: `s${i}`,
        body: 'b',
        createdAt: `2026-03-0${1 + (i % 3)}T00:00:00.000Z`,
      });
    }
  });

  /** The inbox order, computed here from the full list: due first (undated last), then creation, then id. */
  function inboxOrder(a: InboxTask, b: InboxTask): number {
    const due = (t: InboxTask) => (t.dueAt === null ? Infinity : Date.parse(t.dueAt));
    return due(a) - due(b) || Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.taskId < b.taskId ? -1 : 1);
  }

  it('the inbox pages through every visible task once, in order, whatever the page size', async () => {
    const inbox = new InboxRepository(db());
    const everything = await inbox.listForUser('u-page', ROLES, { status: 'all', limit: MAX_PAGE_SIZE });
    expect(everything.nextCursor).toBeNull();
    // visible: the input tasks named on u-page (odd n) and the approvals at body-a (even n): all 157
    expect(everything.items).toHaveLength(157);
    const expected = [...everything.items].sort(inboxOrder).map((t) => t.taskId);
    expect(everything.items.map((t) => t.taskId)).toEqual(expected);
    for (const limit of [1, 7, 50]) {
      const { rows, pages } = await all(
        (cursor) => inbox.listForUser('u-page', ROLES, { status: 'all', limit, cursor }),
        (t) => t.taskId,
        limit,
      );
      expect(rows.map((t) => t.taskId)).toEqual(expected);
      expect(pages).toBe(Math.ceil(157 / limit));
    }
    const open = await all(
      (cursor) => inbox.listForUser('u-page', ROLES, { limit: 10, cursor }),
      (t) => t.taskId,
      10,
    );
    expect(open.rows.every((t) => t.status === 'open')).toBe(true);
    expect(open.rows).toHaveLength((await inbox.listForUser('u-page', ROLES, {})).counts.open);
  });

  it('a page is stable: rows added before the cursor or removed behind it do not shift the next page', async () => {
    const database = db();
    const inbox = new InboxRepository(database);
    const first = await inbox.listForUser('u-page', ROLES, { status: 'all', limit: 20 });
    const second = await inbox.listForUser('u-page', ROLES, { status: 'all', limit: 20, cursor: first.nextCursor! });
    await database.db.execute(sql`
      insert into tasks (task_id, case_id, procedure, org_id, step, kind, title, title_en, assignee_user_ids,
                         created_at, due_at)
      values ('p-early', 'case-p-early', 'admission', 'org-p', 'E2', 'input', 't', 't', array['u-page'],
              '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')`);
    const gone = first.items[3]!;
    await database.db.execute(
      sql`update tasks set assigned_body_id = 'body-gone', assignee_user_ids = '{}' where task_id = ${gone.taskId}`,
    );
    try {
      const again = await inbox.listForUser('u-page', ROLES, { status: 'all', limit: 20, cursor: first.nextCursor! });
      expect(again.items.map((t) => t.taskId)).toEqual(second.items.map((t) => t.taskId));
    } finally {
      await database.db.execute(sql`delete from tasks where task_id = 'p-early'`);
      await database.db.execute(
        sql`update tasks set assigned_body_id = ${gone.assignedBodyId},
              assignee_user_ids = ${`{${gone.assigneeUserIds.join(',')}}`} where task_id = ${gone.taskId}`,
      );
    }
  });

  it("a body's queue pages in inbox order", async () => {
    const inbox = new InboxRepository(db());
    const whole = await inbox.listForBody('body-a', 'all', { limit: MAX_PAGE_SIZE });
    expect(whole.length).toBeGreaterThan(60);
    const { rows } = await all(
      (cursor) => inbox.pageForBody('body-a', 'all', { limit: 9, cursor }),
      (t) => t.taskId,
      9,
    );
    expect(rows.map((t) => t.taskId)).toEqual(whole.map((t) => t.taskId));
    expect(rows.every((t) => t.assignedBodyId === 'body-a')).toBe(true);
  });

  it('the case list pages newest first by keyset with a constant total; offsets still work', async () => {
    const repo = new CaseSummaryRepository(db());
    const viewer = { userId: 'u-admin', roles: [], adminRoots: ['org-root'] };
    const everything = await repo.listVisible(viewer, { limit: MAX_PAGE_SIZE });
    expect([everything.total, everything.items.length, everything.nextCursor]).toEqual([120, 120, null]);
    const ids = everything.items.map((c) => c.caseId);
    const inSql = await db().db.execute<{ case_id: string }>(
      sql`select case_id from case_summaries order by submitted_at desc, case_id desc`,
    );
    expect(ids).toEqual((inSql as unknown as { rows: { case_id: string }[] }).rows.map((r) => r.case_id));
    const totals = new Set<number>();
    const { rows } = await all(
      async (cursor) => {
        const page = await repo.listVisible(viewer, { limit: 13, cursor });
        totals.add(page.total);
        return page;
      },
      (c) => c.caseId,
      13,
    );
    expect(rows.map((c) => c.caseId)).toEqual(ids);
    expect([...totals]).toEqual([120]);
    const byOffset = await repo.listVisible(viewer, { limit: 13, offset: 26 });
    expect(byOffset.items.map((c) => c.caseId)).toEqual(ids.slice(26, 39));
    const pager = { ...viewer, userId: 'u-page' };
    const mine = await all(
      (cursor) => repo.listVisible(pager, { mine: true, limit: 6, cursor }),
      (c) => c.caseId,
      6,
    );
    const expectedMine = everything.items.filter((c) => c.submittedBy === 'u-page').map((c) => c.caseId);
    expect(expectedMine).toHaveLength(40);
    expect(mine.rows.map((c) => c.caseId)).toEqual(expectedMine);
  });

  it('the case list of a viewer without administration: the cases they submitted or hold a task of', async () => {
    const repo = new CaseSummaryRepository(db());
    // u-page submitted every third listed case; the cases of its tasks (case-p-<n % 40>) are not in the list
    const page = await repo.listVisible({ userId: 'u-page', roles: [], adminRoots: [] }, { limit: MAX_PAGE_SIZE });
    const submitted = (
      await repo.listVisible({ userId: 'u-page', roles: [], adminRoots: [] }, { mine: true, limit: 200 })
    ).items;
    expect(page.items.map((c) => c.caseId)).toEqual(expect.arrayContaining(submitted.map((c) => c.caseId)));
    expect(page.total).toBe(page.items.length);
    expect(page.totalCapped).toBe(false);
    expect(page.items.every((c) => c.submittedBy === 'u-page')).toBe(true);
  });

  it('the total is counted up to CASE_COUNT_CAP', async () => {
    const database = db();
    await database.db.execute(sql`
      insert into case_summaries (case_id, procedure, org_id, org_path, title, status, stage, submitted_by,
                                  submitted_at, pending_body_ids)
      select 'case-cap-' || n, 'admission', 'org-cap', array['org-cap'], 'c', 'active', 'E2', 'u-cap',
             timestamptz '2025-01-01T00:00:00Z' + n * interval '1 second', array[]::text[]
      from generate_series(1, ${CASE_COUNT_CAP + 5}) as n`);
    try {
      const repo = new CaseSummaryRepository(database);
      const capped = await repo.listVisible({ userId: 'u-x', roles: [], adminRoots: ['org-cap'] }, { limit: 3 });
      expect([capped.total, capped.totalCapped, capped.items.length]).toEqual([CASE_COUNT_CAP + 1, true, 3]);
    } finally {
      await database.db.execute(sql`delete from case_summaries where case_id like 'case-cap-%'`);
    }
  });

  it('notifications page newest first, ties broken by id', async () => {
    const outbox = new NotificationRepository(db());
    const whole = await outbox.listForUser('u-page', false, { limit: MAX_PAGE_SIZE });
    expect(whole).toHaveLength(23);
    const { rows } = await all(
      (cursor) => outbox.pageForUser('u-page', false, { limit: 4, cursor }),
      (n) => String(n.id),
      4,
    );
    expect(rows.map((n) => n.id)).toEqual(whole.map((n) => n.id));
    expect(whole.map((n) => n.createdAt)).toEqual([...whole.map((n) => n.createdAt)].sort().reverse());
  });

  it('term states page by election due (none last), then id; a kept subset pages short but whole', async () => {
    const database = db();
    // 47 active organizations under org-tp: due dates repeat (a shift overrides the term end), 1 in 6 has none;
    // every third has no clock report (term_state null)
    await database.db.execute(sql`
      insert into organizations (id, name, type, parent_id, status, term_end, election_due, term_state)
      select 'org-tp-' || lpad(n::text, 3, '0'), 'o', 'branch', case when n = 1 then null else 'org-tp-001' end,
             'active',
             case when n % 6 = 0 then null else date '2027-01-01' + (n % 5) end,
             case when n % 4 = 0 and n % 6 <> 0 then date '2026-12-31' else null end,
             case when n % 3 = 0 then null when n % 2 = 0 then 'current' else 'dueSoon' end
      from generate_series(1, 47) as n`);
    const registry = new RegistryRepository(database);
    const filter = { subtreeRootId: 'org-tp-001' };
    const whole = await registry.listByTermState(filter);
    expect(whole).toHaveLength(47);
    const due = (o: { electionDue: string | null; termEnd: string | null }) => o.electionDue ?? o.termEnd ?? '9999';
    expect(whole.map((o) => `${due(o)}|${o.id}`)).toEqual(whole.map((o) => `${due(o)}|${o.id}`).sort());
    for (const limit of [1, 5, 46]) {
      const { rows, pages } = await all(
        (cursor) => registry.pageByTermState(filter, { limit, cursor }),
        (o) => o.id,
        limit,
      );
      expect(rows.map((o) => o.id)).toEqual(whole.map((o) => o.id));
      expect(pages).toBe(Math.ceil(47 / limit));
    }
    const shifted = await all(
      (cursor) => registry.pageByTermState({ ...filter, shifted: true }, { limit: 2, cursor }),
      (o) => o.id,
      2,
    );
    expect(shifted.rows.map((o) => o.id)).toEqual(whole.filter((o) => o.electionDue !== null).map((o) => o.id));
    // a caller's filter: pages may end short, the rows still come once each, in order
    const keep = (o: { id: string }) => Number(o.id.slice(-3)) % 2 === 1;
    const kept: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await registry.pageByTermState(filter, { limit: 4, cursor }, keep);
      expect(page.items.length).toBeLessThanOrEqual(4);
      kept.push(...page.items.map((o) => o.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(kept).toEqual(whole.filter(keep).map((o) => o.id));
    expect(TERM_STATES_SCAN_MAX).toBeGreaterThanOrEqual(MAX_PAGE_SIZE);
  });

  it('org-life records page newest first and the lapse watch by months, person, org', async () => {
    const database = db();
    await database.db.execute(sql`
      insert into orglife_records (record_id, org_id, kind, held_on, topic, recorded_by, recorded_at)
      select 'rec-p-' || lpad(n::text, 3, '0'), 'org-rp', 'partyClass',
             date '2027-01-01' + (n % 9) * 30, 't', 'u', now()
      from generate_series(1, 31) as n`);
    await database.db.execute(sql`
      insert into orglife_records (record_id, org_id, kind, held_on, topic, recorded_by, recorded_at)
      values ('rec-p-other-year', 'org-rp', 'partyClass', '2026-12-31', 't', 'u', now())`);
    const repo = new OrgLifeRepository(database);
    const whole = await repo.listRecords('org-rp', 2027);
    expect(whole).toHaveLength(31);
    for (const limit of [1, 6]) {
      const { rows } = await all(
        (cursor) => repo.pageRecords('org-rp', 2027, { limit, cursor }),
        (r) => r.recordId,
        limit,
      );
      expect(rows.map((r) => r.recordId)).toEqual(whole.map((r) => r.recordId));
    }
    await database.db.execute(sql`
      insert into orglife_lapse_watch (org_id, person_id, level, consecutive_months, as_of)
      select 'org-lp-' || (n % 3), 'p-lp-' || lpad((n % 11)::text, 2, '0'),
             case when n % 7 = 0 then 'none' when n % 2 = 0 then 'warned' else 'flagged' end, 3 + n % 4, '2027-03-31'
      from generate_series(1, 33) as n`);
    const orgs = ['org-lp-0', 'org-lp-1', 'org-lp-2'];
    const watched = (await repo.listLapseWatch(orgs)).filter((r) => r.level !== 'none');
    const order = [...watched].sort(
      (a, b) =>
        b.consecutiveMonths - a.consecutiveMonths ||
        a.personId.localeCompare(b.personId) ||
        a.orgId.localeCompare(b.orgId),
    );
    const { rows } = await all(
      (cursor) => repo.pageLapseWatch(orgs, { limit: 5, cursor }),
      (r) => `${r.orgId}/${r.personId}`,
      5,
    );
    expect(rows.map((r) => `${r.orgId}/${r.personId}`)).toEqual(order.map((r) => `${r.orgId}/${r.personId}`));
    expect(await repo.pageLapseWatch([])).toEqual({ items: [], nextCursor: null });
  });

  it('page sizes stay within 1..MAX_PAGE_SIZE and a bad cursor is refused', async () => {
    const inbox = new InboxRepository(db());
    expect((await inbox.listForUser('u-page', ROLES, { status: 'all', limit: 10_000 })).items).toHaveLength(157);
    expect((await inbox.listForUser('u-page', ROLES, { status: 'all', limit: 0 })).items).toHaveLength(1);
    const cases = encodeCursor('cases', ['2026-03-01T00:00:00.000000Z', 'x']);
    await expect(inbox.listForUser('u-page', ROLES, { cursor: cases })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(inbox.listForUser('u-page', ROLES, { cursor: 'garbage!' })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('cursor encoding', () => {
  it('round-trips the values of its list and refuses anything else', () => {
    const c = encodeCursor('inbox', [null, '2026-03-01T00:00:00.123456Z', 't-1']);
    expect(decodeCursor('inbox', c)).toEqual([null, '2026-03-01T00:00:00.123456Z', 't-1']);
    expect(decodeCursor('body', c)).toBeNull();
    expect(decodeCursor('notifications', encodeCursor('notifications', ['2026-03-01T00:00:00.000000Z', 5]))).toEqual([
      '2026-03-01T00:00:00.000000Z',
      5,
    ]);
    const bad: [Parameters<typeof decodeCursor>[0], string][] = [
      ['inbox', encodeCursor('inbox', ['2026-02-30T00:00:00.000000Z', '2026-03-01T00:00:00.000000Z', 't'])],
      ['inbox', encodeCursor('inbox', ['2026-03-01 00:00:00', '2026-03-01T00:00:00.000000Z', 't'])],
      ['inbox', encodeCursor('inbox', [null, '2026-03-01T00:00:00.000000Z', ''])],
      ['inbox', encodeCursor('inbox', [null, null, 't'])],
      ['notifications', encodeCursor('notifications', ['2026-03-01T00:00:00.000000Z', -1])],
      ['notifications', encodeCursor('notifications', ['2026-03-01T00:00:00.000000Z', 1.5])],
      ['cases', encodeCursor('cases', ['2026-03-01T00:00:00.000000Z', 'a\u0000b'])],
      ['cases', encodeCursor('cases', ['2026-03-01T00:00:00.000000Z'])],
      ['cases', 'e30'],
      ['cases', ''],
      ['cases', 'x'.repeat(2000)],
      ['cases', Buffer.from('{"a":1}').toString('base64url')],
    ];
    expect(decodeCursor('termStates', encodeCursor('termStates', [null, 'org-1']))).toEqual([null, 'org-1']);
    expect(decodeCursor('orgLifeRecords', encodeCursor('orgLifeRecords', ['2027-02-28', 'r']))).toEqual([
      '2027-02-28',
      'r',
    ]);
    bad.push(
      ['orgLifeRecords', encodeCursor('orgLifeRecords', ['2027-02-30', 'r'])],
      ['orgLifeRecords', encodeCursor('orgLifeRecords', [null, 'r'])],
      ['termStates', encodeCursor('termStates', ['2027-1-1', 'o'])],
      ['lapseWatch', encodeCursor('lapseWatch', [3, 'p', null])],
      ['lapseWatch', encodeCursor('orgLifeRecords', ['2027-02-28', 'r'])],
    );
    for (const [list, cursor] of bad) expect([cursor, decodeCursor(list, cursor)]).toEqual([cursor, null]);
  });
});
