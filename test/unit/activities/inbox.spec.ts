import { eq } from 'drizzle-orm';
import { createActivities } from '../../../activities';
import type { Activities, MailMessage } from '../../../activities';
import { auditEvents, caseSummaries, notifications, openTestDatabase, tasks } from '../../../libs/db';
import type { TestDatabase } from '../../../libs/db';
import { makeTask, seedRegistry } from './activities.fixture';

jest.setTimeout(60_000);

describe('inbox, escalation and audit activities', () => {
  let database: TestDatabase;
  let activities: Activities;
  const outbox: MailMessage[] = [];
  const orgPath = ['org-b1', 'org-oc', 'org-wc'];

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await seedRegistry(database.db);
    activities = createActivities({
      database,
      mailer: { send: async (m) => void outbox.push(m) },
      mailFrom: 'x@example.test',
      webBaseUrl: 'http://web',
    });
  });
  afterAll(async () => {
    await database.drop();
  });
  beforeEach(() => {
    outbox.length = 0;
  });

  const task = async (id: string) => (await database.db.select().from(tasks).where(eq(tasks.taskId, id)))[0]!;

  it('openTask projects the task row with org path and case title', async () => {
    await activities.openTask({ task: makeTask({ taskId: 't-open' }), orgPath, caseTitle: '成立第二党支部' });
    expect(await task('t-open')).toMatchObject({
      status: 'open',
      orgPath,
      caseTitle: '成立第二党支部',
      assignedBodyId: 'org-oc',
      step: 'C5',
      dueAt: expect.stringMatching(/^2026-02-05/),
    });
  });

  it('closeTask records the first decision and ignores a later close', async () => {
    await activities.openTask({ task: makeTask({ taskId: 't-close' }), orgPath, caseTitle: 'c' });
    const close = {
      taskId: 't-close',
      status: 'done' as const,
      outcome: 'approve',
      decidedBy: 'u-appr-oc',
      decidedAt: '2026-01-06T09:00:00.000Z',
      comment: '同意',
    };
    await activities.closeTask(close);
    await activities.closeTask({ ...close, status: 'cancelled', outcome: null, comment: 'late' });
    // a retried openTask after the decision must not reopen the task or notify again
    outbox.length = 0;
    await activities.openTask({ task: makeTask({ taskId: 't-close' }), orgPath, caseTitle: 'c' });
    expect(await task('t-close')).toMatchObject({
      status: 'done',
      outcome: 'approve',
      decidedBy: 'u-appr-oc',
      comment: '同意',
    });
    expect(outbox).toHaveLength(0);
  });

  it('remindTask marks the task reminded and reminds who may act once per task', async () => {
    await activities.openTask({ task: makeTask({ taskId: 't-remind' }), orgPath, caseTitle: 'c' });
    outbox.length = 0;
    await activities.remindTask({ taskId: 't-remind', at: '2026-01-20T00:00:00.000Z' });
    await activities.remindTask({ taskId: 't-remind', at: '2026-01-20T00:00:00.000Z' });
    expect((await task('t-remind')).remindedAt).toMatch(/^2026-01-20/);
    expect(outbox.map((m) => m.to)).toEqual(['appr-oc@example.test']);
    expect(outbox[0]!.subject).toContain('催办');
  });

  it('escalateTask resolves the parent body, marks the task and notifies its approvers and the path admins once per level', async () => {
    await activities.openTask({ task: makeTask({ taskId: 't-esc' }), orgPath, caseTitle: 'c' });
    outbox.length = 0;
    const first = await activities.escalateTask({
      taskId: 't-esc',
      fromBodyId: 'org-oc',
      at: '2026-02-06T00:00:00.000Z',
      level: 1,
    });
    const retry = await activities.escalateTask({
      taskId: 't-esc',
      fromBodyId: 'org-oc',
      at: '2026-02-06T00:00:00.000Z',
      level: 1,
    });
    expect(first).toEqual({ toBodyId: 'org-wc' });
    expect(retry).toEqual({ toBodyId: 'org-wc' });
    expect(await task('t-esc')).toMatchObject({
      escalatedToBodyId: 'org-wc',
      escalatedAt: expect.stringMatching(/^2026-02-06/),
    });
    expect(outbox.map((m) => m.to).sort()).toEqual([
      'admin-oc@example.test',
      'admin-wc@example.test',
      'appr-wc@example.test',
    ]);

    outbox.length = 0;
    const second = await activities.escalateTask({
      taskId: 't-esc',
      fromBodyId: 'org-wc',
      at: '2026-03-06T00:00:00.000Z',
      level: 2,
    });
    expect(second).toEqual({ toBodyId: null });
    expect(outbox.map((m) => m.to).sort()).toEqual(['admin-oc@example.test', 'admin-wc@example.test']);
    const keys = (await database.db.select().from(notifications).where(eq(notifications.taskId, 't-esc'))).map(
      (r) => r.dedupeKey,
    );
    expect(keys).toContain('task:t-esc:escalate:1:u-appr-wc:email');
    expect(keys).toContain('task:t-esc:escalate:2:u-admin-wc:inApp');
  });

  it('a party group escalates to the organs work committee, never to its organ committee (RULES §A.3)', async () => {
    await activities.openTask({ task: makeTask({ taskId: 't-pg', assignedBodyId: 'pg-1' }), orgPath, caseTitle: 'c' });
    expect(
      await activities.escalateTask({ taskId: 't-pg', fromBodyId: 'pg-1', at: '2026-02-06T00:00:00.000Z', level: 1 }),
    ).toEqual({
      toBodyId: 'org-wc',
    });
    expect(
      await activities.escalateTask({ taskId: 't-pg', fromBodyId: 'pg-2', at: '2026-02-06T00:00:00.000Z', level: 1 }),
    ).toEqual({
      toBodyId: 'org-wc',
    });
    expect(
      await activities.escalateTask({ taskId: 't-pg', fromBodyId: null, at: '2026-02-06T00:00:00.000Z', level: 3 }),
    ).toEqual({
      toBodyId: null,
    });
    expect(
      await activities.escalateTask({
        taskId: 't-pg',
        fromBodyId: 'nowhere',
        at: '2026-02-07T00:00:00.000Z',
        level: 2,
      }),
    ).toEqual({
      toBodyId: null,
    });
  });

  it('recordAudit appends once per dedupe key', async () => {
    const entry = {
      dedupeKey: 'case-9:C5:task.decided:t-1',
      caseId: 'case-9',
      procedure: 'establishment',
      orgId: 'org-b1',
      step: 'C5',
      event: 'task.decided',
      actorId: 'u-appr-oc',
      outcome: 'approve',
      comment: '同意',
      detail: { taskId: 't-1' },
      at: '2026-01-06T09:00:00.000Z',
    };
    await activities.recordAudit(entry);
    await activities.recordAudit(entry);
    await activities.recordAudit({ ...entry, dedupeKey: 'case-9:C9:task.decided:t-2', step: 'C9' });
    const rows = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.caseId, 'case-9'))
      .orderBy(auditEvents.id);
    expect(rows.map((r) => r.step)).toEqual(['C5', 'C9']);
    expect(rows[0]!.detail).toEqual({ taskId: 't-1' });
  });

  it('upsertCaseSummary keeps the newest snapshot even if an older one arrives late', async () => {
    const base = {
      caseId: 'case-7',
      procedure: 'establishment',
      orgId: 'org-b1',
      orgPath,
      title: '成立第二党支部',
      submittedBy: 'u-sub-b1',
      submittedAt: '2026-01-05T08:00:00.000Z',
      dueAt: null,
      closedAt: null,
    };
    await activities.upsertCaseSummary({
      ...base,
      status: 'active',
      stage: 'C5',
      pendingBodyIds: ['org-oc'],
      at: '2026-01-05T08:00:00.000Z',
    });
    await activities.upsertCaseSummary({
      ...base,
      status: 'completed',
      stage: 'C10',
      pendingBodyIds: [],
      closedAt: '2026-04-01T00:00:00.000Z',
      at: '2026-04-01T00:00:00.000Z',
    });
    await activities.upsertCaseSummary({
      ...base,
      status: 'active',
      stage: 'C9',
      pendingBodyIds: ['org-wc'],
      at: '2026-03-01T00:00:00.000Z',
    });
    const [row] = await database.db.select().from(caseSummaries).where(eq(caseSummaries.caseId, 'case-7'));
    expect(row).toMatchObject({ status: 'completed', stage: 'C10', pendingBodyIds: [] });
  });
});
