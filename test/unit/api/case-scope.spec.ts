import request from 'supertest';
import type { Actor } from '../../../libs/contracts';
import { CaseSummaryRepository, DEMO_IDS, NotificationRepository, type CaseSummaryInput } from '../../../libs/db';
import { isAdminOver, mayActOnTask, maySeeTask, mayViewCase } from '../../../apps/api/src/auth/actor-access';
import { createTestApp, type TestApp } from './api-test-app';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const U = DEMO_IDS.users;

function task(overrides: {
  assignedBodyId?: string | null;
  escalatedToBodyId?: string | null;
  assigneeUserIds?: string[];
  kind?: 'approval' | 'input';
}) {
  return {
    taskId: 't-1',
    kind: 'approval' as 'approval' | 'input',
    status: 'open' as const,
    assigneeUserIds: [],
    assignedBodyId: null,
    escalatedToBodyId: null,
    ...overrides,
  };
}

function actor(overrides: Partial<Actor>): Actor {
  return { userId: 'u-x', displayName: 'x', roles: [], adminOrgIds: [], ...overrides };
}

describe('actor access rules', () => {
  const state = {
    submittedBy: 'u-sub',
    orgPath: ['org-new', O.eduOrganCommittee, O.workCommittee],
    pendingTasks: [task({ assignedBodyId: 'pg-edu' })],
  };

  it('lets the submitter, an approver of a pending body and an admin over the path see a case', () => {
    const submitter = actor({ userId: 'u-sub', roles: [{ role: 'submitter', at: O.eduOrganCommittee }] });
    expect(mayViewCase(submitter, state)).toBe(true);
    expect(mayViewCase(actor({ roles: [{ role: 'approver', at: 'pg-edu' }] }), state)).toBe(true);
    expect(mayViewCase(actor({ adminOrgIds: [O.eduOrganCommittee, 'org-other'] }), state)).toBe(true);
  });

  it('hides a case from approvers of other bodies and admins of other subtrees', () => {
    expect(mayViewCase(actor({ roles: [{ role: 'approver', at: 'pg-finance' }] }), state)).toBe(false);
    expect(mayViewCase(actor({ adminOrgIds: [O.financeOrganCommittee] }), state)).toBe(false);
    expect(mayViewCase(actor({ roles: [{ role: 'submitter', at: 'pg-edu' }] }), state)).toBe(false);
  });

  it('counts decided tasks from the inbox for visibility', () => {
    const decided = task({ assignedBodyId: O.workCommittee });
    expect(mayViewCase(actor({ roles: [{ role: 'approver', at: O.workCommittee }] }), state, [decided])).toBe(true);
    expect(isAdminOver(actor({ adminOrgIds: [O.workCommittee] }), state.orgPath)).toBe(true);
  });

  describe('rights follow the present (issue 8 §4)', () => {
    const transferred = {
      submittedBy: 'u-old-secretary',
      orgId: 'org-new-branch',
      orgPath: ['org-new-branch', O.financeOrganCommittee, O.workCommittee],
      pendingTasks: [{ ...task({ assignedBodyId: 'org-new-branch' }), orgId: 'org-new-branch' }],
    };
    const decidedAtOldBranch = {
      ...task({ assignedBodyId: 'org-old-branch' }),
      status: 'done' as const,
      orgId: 'org-old-branch',
    };

    it('takes the case from the old branch after a transfer: its committee, its approvers and the secretary who filed it', () => {
      const oldSecretary = actor({ userId: 'u-old-secretary', roles: [{ role: 'submitter', at: 'org-old-branch' }] });
      const oldApprover = actor({ roles: [{ role: 'approver', at: 'org-old-branch' }] });
      expect(mayViewCase(oldSecretary, transferred, [decidedAtOldBranch])).toBe(false);
      expect(mayViewCase(oldApprover, transferred, [decidedAtOldBranch])).toBe(false);
      const newCommittee = actor({ roles: [{ role: 'approver', at: 'org-new-branch' }] });
      expect(mayViewCase(newCommittee, transferred, [decidedAtOldBranch])).toBe(true);
    });

    it('needs a role held today, not a name on an old task or a case once filed', () => {
      const named = { ...task({ assigneeUserIds: ['u-named'], assignedBodyId: null }), status: 'done' as const };
      expect(mayViewCase(actor({ userId: 'u-named' }), state, [named])).toBe(false);
      // the submitter who no longer holds any role on the path
      expect(mayViewCase(actor({ userId: 'u-sub', roles: [{ role: 'submitter', at: 'org-elsewhere' }] }), state)).toBe(
        false,
      );
      // the approver of a body that decided an earlier step at this organization, while they hold that role
      const earlier = { ...task({ assignedBodyId: 'pg-edu' }), status: 'done' as const, orgId: 'org-new' };
      const done = { ...state, orgId: 'org-new', pendingTasks: [] };
      expect(mayViewCase(actor({ roles: [{ role: 'approver', at: 'pg-edu' }] }), done, [earlier])).toBe(true);
      expect(mayViewCase(actor({ roles: [{ role: 'approver', at: 'pg-finance' }] }), done, [earlier])).toBe(false);
    });
  });

  it('lets the escalated-to body see a task and its case but not act on it (escalation does not hand over)', () => {
    const escalated = task({ assignedBodyId: 'pg-edu', escalatedToBodyId: O.eduOrganCommittee });
    const upper = actor({ roles: [{ role: 'approver', at: O.eduOrganCommittee }] });
    expect(maySeeTask(upper, escalated)).toBe(true);
    expect(mayActOnTask(upper, escalated)).toBe(false);
    expect(mayViewCase(upper, { ...state, pendingTasks: [escalated] })).toBe(true);
    expect(mayActOnTask(actor({ roles: [{ role: 'approver', at: 'pg-edu' }] }), escalated)).toBe(true);
  });

  it('decides who may act with the kernel rule: submitters act on input tasks, approvers on approval tasks', () => {
    const input = task({ kind: 'input', assignedBodyId: O.eduOrganCommittee });
    expect(mayActOnTask(actor({ roles: [{ role: 'submitter', at: O.eduOrganCommittee }] }), input)).toBe(true);
    expect(mayActOnTask(actor({ roles: [{ role: 'approver', at: O.eduOrganCommittee }] }), input)).toBe(false);
    expect(mayActOnTask(actor({ userId: 'u-named' }), task({ assigneeUserIds: ['u-named'] }))).toBe(true);
  });
});

describe('case list and notifications over HTTP (read models only)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  function summary(caseId: string, orgPath: string[], submittedBy: string, submittedAt: string): CaseSummaryInput {
    return {
      caseId,
      procedure: 'establishment',
      orgId: orgPath[0]!,
      orgPath,
      title: caseId,
      status: 'active',
      stage: 'C2',
      submittedBy,
      submittedAt,
      pendingBodyIds: [],
      dueAt: null,
      closedAt: null,
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const summaries = new CaseSummaryRepository(t.database);
    await summaries.upsert(
      summary(
        'establishment:org-e1',
        ['org-e1', O.eduOrganCommittee, O.workCommittee],
        U.eduSubmitter,
        '2026-01-02T00:00:00.000Z',
      ),
    );
    await summaries.upsert(
      summary(
        'establishment:org-f1',
        ['org-f1', O.financeOrganCommittee, O.workCommittee],
        'u-other',
        '2026-01-01T00:00:00.000Z',
      ),
    );
    for (const userId of [U.admin, U.eduSubmitter, U.eduOrganCommitteeApprover, U.financePartyGroupApprover]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(() => t.close());

  const caseIds = async (userId: string, query = ''): Promise<string[]> => {
    const res = await request(t.app.getHttpServer())
      .get(`/api/cases${query}`)
      .set('Authorization', tokens[userId]!)
      .expect(200);
    return (res.body.items as { caseId: string }[]).map((c) => c.caseId);
  };

  it('shows the root admin every case, newest first', async () => {
    expect(await caseIds(U.admin)).toEqual(['establishment:org-e1', 'establishment:org-f1']);
  });

  it('limits a subtree admin to that subtree and a submitter to their own cases', async () => {
    expect(await caseIds(U.eduOrganCommitteeApprover)).toEqual(['establishment:org-e1']);
    expect(await caseIds(U.eduSubmitter)).toEqual(['establishment:org-e1']);
    expect(await caseIds(U.financePartyGroupApprover)).toEqual([]);
  });

  it('applies filters and pagination inside the scope', async () => {
    expect(await caseIds(U.admin, `?orgId=${O.financeOrganCommittee}`)).toEqual(['establishment:org-f1']);
    expect(await caseIds(U.admin, '?status=completed')).toEqual([]);
    const res = await request(t.app.getHttpServer())
      .get('/api/cases?limit=1&offset=1')
      .set('Authorization', tokens[U.admin]!);
    expect(res.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ caseId: 'establishment:org-f1' }] });
  });

  it('lists unread in-app notifications and marks one read for its owner only', async () => {
    const outbox = new NotificationRepository(t.database);
    const n = await outbox.enqueue({
      dedupeKey: 'k-1',
      userId: U.eduSubmitter,
      channel: 'inApp',
      subject: '待办',
      body: '请审批',
    });
    const auth = tokens[U.eduSubmitter]!;
    const unread = await request(t.app.getHttpServer())
      .get('/api/notifications?unread=true')
      .set('Authorization', auth);
    expect(unread.body).toEqual([expect.objectContaining({ id: n.id, subject: '待办', readAt: null })]);
    await request(t.app.getHttpServer())
      .post(`/api/notifications/${n.id}/read`)
      .set('Authorization', tokens[U.admin]!)
      .expect(404);
    await request(t.app.getHttpServer()).post(`/api/notifications/${n.id}/read`).set('Authorization', auth).expect(200);
    const after = await request(t.app.getHttpServer()).get('/api/notifications?unread=true').set('Authorization', auth);
    expect(after.body).toEqual([]);
  });

  it('serves the org tree and a roster as of a date', async () => {
    const auth = tokens[U.admin]!;
    const tree = await request(t.app.getHttpServer()).get('/api/orgs').set('Authorization', auth).expect(200);
    expect(tree.body).toEqual([expect.objectContaining({ id: O.workCommittee, children: expect.any(Array) })]);
    const roster = await request(t.app.getHttpServer())
      .get(`/api/orgs/${O.budgetBranch}/roster?asOf=2025-01-01`)
      .set('Authorization', auth)
      .expect(200);
    const b08 = (roster.body.members as { personId: string; status: string }[]).find((m) => m.personId === 'p-fin-b08');
    expect(b08?.status).toBe('probationary');
    await request(t.app.getHttpServer()).get('/api/orgs/org-missing').set('Authorization', auth).expect(404);
    const bad = await request(t.app.getHttpServer())
      .get(`/api/orgs/${O.budgetBranch}/roster?asOf=2025-13-01`)
      .set('Authorization', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('asOf');
  });
});
