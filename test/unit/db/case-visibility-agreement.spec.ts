import { sql } from 'drizzle-orm';
import { mayViewCase } from '../../../apps/api/src/auth/actor-access';
import type { Actor, CaseStatus, Task } from '../../../libs/contracts';
import { CaseSummaryRepository, InboxRepository } from '../../../libs/db';
import { LANES, useLane } from './lanes';

jest.setTimeout(120_000);

const pathOf: Record<string, string[]> = {
  'org-b1': ['org-b1', 'org-oc', 'org-wc'],
  'org-b2': ['org-b2', 'org-oc', 'org-wc'],
  'org-c1': ['org-c1', 'org-oc2', 'org-wc'],
};

interface FixtureTask {
  n: number;
  orgId: string;
  kind: 'approval' | 'input';
  body: string | null;
  named?: string[];
  status: 'open' | 'done';
  escalatedTo?: string;
}

/** Cases of the kinds that decide visibility: transferred, escalated, named inputs, closed. */
const cases: { caseId: string; orgId: string; submittedBy: string; status: CaseStatus; tasks: FixtureTask[] }[] = [
  {
    caseId: 'c-open-at-oc',
    orgId: 'org-b1',
    submittedBy: 'u-sec1',
    status: 'active',
    tasks: [
      { n: 1, orgId: 'org-b1', kind: 'input', body: 'org-b1', named: ['u-contact'], status: 'done' },
      { n: 2, orgId: 'org-b1', kind: 'approval', body: 'org-oc', status: 'open' },
    ],
  },
  {
    caseId: 'c-transferred',
    orgId: 'org-b2',
    submittedBy: 'u-sec1',
    status: 'active',
    tasks: [
      { n: 1, orgId: 'org-b1', kind: 'approval', body: 'org-b1', status: 'done' },
      { n: 2, orgId: 'org-b1', kind: 'input', body: 'org-b1', named: ['u-contact'], status: 'done' },
      { n: 3, orgId: 'org-b2', kind: 'input', body: 'org-b2', status: 'open' },
    ],
  },
  {
    caseId: 'c-escalated',
    orgId: 'org-c1',
    submittedBy: 'u-sec-c1',
    status: 'active',
    tasks: [
      { n: 1, orgId: 'org-c1', kind: 'approval', body: 'org-c1', status: 'done', escalatedTo: 'org-oc' },
      { n: 2, orgId: 'org-c1', kind: 'approval', body: 'org-oc2', status: 'open', escalatedTo: 'org-wc' },
    ],
  },
  {
    caseId: 'c-closed-named',
    orgId: 'org-c1',
    submittedBy: 'u-sec-c1',
    status: 'completed',
    tasks: [{ n: 1, orgId: 'org-c1', kind: 'input', body: null, named: ['u-contact'], status: 'done' }],
  },
];

const actor = (userId: string, roles: Actor['roles'], adminOrgIds: string[] = []): Actor => ({
  userId,
  displayName: userId,
  roles,
  adminOrgIds,
});

const actors: Actor[] = [
  actor('u-sec1', [{ role: 'submitter', at: 'org-b1' }]),
  actor('u-sec1', [{ role: 'submitter', at: 'org-c1' }]),
  actor('u-contact', []),
  actor('u-app-b1', [{ role: 'approver', at: 'org-b1' }]),
  actor('u-app-oc', [{ role: 'approver', at: 'org-oc' }]),
  actor('u-app-wc', [{ role: 'approver', at: 'org-wc' }]),
  actor('u-sub-b2', [{ role: 'submitter', at: 'org-b2' }]),
  actor('u-app-oc2', [{ role: 'approver', at: 'org-oc2' }]),
  actor('u-admin', [{ role: 'admin', at: 'org-oc' }], ['org-oc', 'org-b1', 'org-b2']),
  actor('u-nobody', [{ role: 'submitter', at: 'org-elsewhere' }]),
];

// The case list (SQL) and the case view (mayViewCase) state one rule twice, in two languages; a case in one and not
// the other is either a list entry that answers 403 or a readable case nobody can find. Issue 8 §4: rights follow the
// present.
describe.each(LANES)('case list and case view agree on who sees a case, on %s', (lane) => {
  const db = useLane(lane);

  beforeAll(async () => {
    const database = db();
    const summaries = new CaseSummaryRepository(database);
    for (const c of cases) {
      await summaries.upsert({
        caseId: c.caseId,
        procedure: 'admission',
        orgId: c.orgId,
        orgPath: pathOf[c.orgId]!,
        title: c.caseId,
        status: c.status,
        stage: 'E2',
        submittedBy: c.submittedBy,
        submittedAt: '2026-03-01T00:00:00.000Z',
        pendingBodyIds: [],
        dueAt: null,
        closedAt: null,
      });
      for (const t of c.tasks) {
        await database.db.execute(sql`
          insert into tasks (task_id, case_id, procedure, org_id, step, kind, title, title_en, assigned_body_id,
                             assignee_user_ids, created_at, status, escalated_to_body_id)
          values (${`${c.caseId}/T${t.n}`}, ${c.caseId}, 'admission', ${t.orgId}, 'E2', ${t.kind}, 't', 't', ${t.body},
                  ${sql.raw(`array[${(t.named ?? []).map((u) => `'${u}'`).join(',')}]::text[]`)}, now(), ${t.status},
                  ${t.escalatedTo ?? null})`);
      }
    }
  });

  it.each(actors.map((a) => [`${a.userId} ${JSON.stringify(a.roles)}`, a] as const))('%s', async (_label, who) => {
    const inbox = new InboxRepository(db());
    const byView: string[] = [];
    for (const c of cases) {
      const all: Task[] = await inbox.listForCase(c.caseId);
      const state = {
        submittedBy: c.submittedBy,
        orgPath: pathOf[c.orgId]!,
        orgId: c.orgId,
        pendingTasks: all.filter((t) => t.status === 'open'),
      };
      if (mayViewCase(who, state, all)) byView.push(c.caseId);
    }
    const adminRoots = who.roles.filter((g) => g.role === 'admin').map((g) => g.at);
    const listed = await new CaseSummaryRepository(db()).listVisible(
      { userId: who.userId, roles: who.roles, adminRoots },
      { limit: 50 },
    );
    expect(listed.items.map((c) => c.caseId).sort()).toEqual(byView.sort());
  });
});
