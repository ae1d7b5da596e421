import { sql } from 'drizzle-orm';
import { CaseSummaryRepository } from '../../../libs/db';
import { LANES, useLane } from './lanes';

jest.setTimeout(120_000);

/** More tasks than PostgreSQL admits bind parameters in one statement (65,535): the old list built an IN list of them. */
const TASKS = 70_000;

describe.each(LANES)('case list of one viewer on %s', (lane) => {
  const db = useLane(lane);

  beforeAll(async () => {
    const database = db();
    // one task per case, all named on u-busy; three of the cases are in the list projection
    await database.db.execute(sql`
      insert into tasks (task_id, case_id, procedure, org_id, step, kind, title, title_en, assignee_user_ids, created_at)
      select 'case-' || n || '/E2/1', 'case-' || n, 'admission', 'org-b', 'E2', 'input', 't', 't',
             array['u-busy'], now()
      from generate_series(1, ${TASKS}) as n`);
    const summaries = new CaseSummaryRepository(database);
    for (const [caseId, submittedBy] of [
      ['case-1', 'u-other'],
      ['case-2', 'u-other'],
      ['case-x', 'u-busy'],
      ['case-hidden', 'u-other'],
    ] as const) {
      await summaries.upsert({
        caseId,
        procedure: 'admission',
        orgId: 'org-b',
        orgPath: ['org-b', 'org-oc'],
        title: caseId,
        status: 'active',
        stage: 'E2',
        submittedBy,
        submittedAt: '2026-03-01T00:00:00.000Z',
        pendingBodyIds: [],
        dueAt: null,
        closedAt: null,
      });
    }
  });

  it('lists the cases with a task of the viewer, and the ones they submitted, in one bounded query', async () => {
    // a submitter above the branch (not its committee, which follows every case of its organization)
    const list = await new CaseSummaryRepository(db()).listVisible(
      { userId: 'u-busy', roles: [{ role: 'submitter', at: 'org-oc' }], adminRoots: [] },
      { limit: 50 },
    );
    expect(list.total).toBe(3);
    expect(list.items.map((c) => c.caseId).sort()).toEqual(['case-1', 'case-2', 'case-x']);
    // rights follow the present (issue 8 §4): a submitter who no longer holds a role on the case's path loses it
    const former = await new CaseSummaryRepository(db()).listVisible(
      { userId: 'u-busy', roles: [{ role: 'submitter', at: 'org-elsewhere' }], adminRoots: [] },
      { limit: 50 },
    );
    expect(former.items.map((c) => c.caseId).sort()).toEqual(['case-1', 'case-2']);
    // a decided task at the organization the case left (a transfer) does not show the case
    await db().db.execute(sql`
      insert into tasks (task_id, case_id, procedure, org_id, step, kind, title, title_en, assignee_user_ids,
                         created_at, status)
      values ('case-hidden/E2/1', 'case-hidden', 'admission', 'org-left', 'E2', 'input', 't', 't', array['u-busy'],
              now(), 'done')`);
    const after = await new CaseSummaryRepository(db()).listVisible(
      { userId: 'u-busy', roles: [{ role: 'submitter', at: 'org-oc' }], adminRoots: [] },
      { limit: 50 },
    );
    expect(after.items.map((c) => c.caseId)).not.toContain('case-hidden');
  });

  it('mine: only the cases the viewer submitted; an administrator sees the subtree', async () => {
    const repo = new CaseSummaryRepository(db());
    const mine = await repo.listVisible(
      { userId: 'u-busy', roles: [{ role: 'submitter', at: 'org-b' }], adminRoots: [] },
      { mine: true },
    );
    expect(mine.items.map((c) => c.caseId)).toEqual(['case-x']);
    const admin = await repo.listVisible({ userId: 'u-admin', roles: [], adminRoots: ['org-oc'] }, { limit: 2 });
    expect([admin.total, admin.items.length]).toEqual([4, 2]);
  });
});
