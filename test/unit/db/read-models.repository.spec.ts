import {
  AuditRepository,
  CaseSummaryRepository,
  InboxRepository,
  NotificationRepository,
  type CaseSummaryInput,
  type InboxTask,
} from '../../../libs/db';
import { LANES, useLane } from './lanes';

const NOW = '2026-03-10T12:00:00.000Z';

function makeTask(over: Partial<InboxTask> = {}): InboxTask {
  return {
    taskId: 't-1',
    caseId: 'case-1',
    procedure: 'establishment',
    orgId: 'org-new',
    orgPath: ['org-new', 'org-oc', 'org-wc'],
    caseTitle: '成立基础教育处党支部',
    step: 'C5',
    kind: 'approval',
    title: '审批成立请示',
    titleEn: 'Approve establishment request',
    assignedBodyId: 'org-wc',
    assigneeUserIds: [],
    createdAt: '2026-03-01T08:00:00.000Z',
    dueAt: '2026-03-31T08:00:00.000Z',
    status: 'open',
    outcome: null,
    decidedBy: null,
    decidedAt: null,
    comment: null,
    remindedAt: null,
    escalatedToBodyId: null,
    escalatedAt: null,
    ...over,
  };
}

describe.each(LANES)('InboxRepository on %s', (lane) => {
  const db = useLane(lane);
  let inbox: InboxRepository;
  const approverWc = [{ role: 'approver' as const, at: 'org-wc' }];

  beforeAll(async () => {
    inbox = new InboxRepository(db());
    await inbox.upsertTask(makeTask({ taskId: 't-overdue', dueAt: '2026-03-09T00:00:00.000Z' }));
    await inbox.upsertTask(makeTask({ taskId: 't-soon', dueAt: '2026-03-11T00:00:00.000Z' }));
    await inbox.upsertTask(makeTask({ taskId: 't-later', dueAt: '2026-04-30T00:00:00.000Z' }));
    await inbox.upsertTask(makeTask({ taskId: 't-nodue', dueAt: null }));
    await inbox.upsertTask(makeTask({ taskId: 't-pg', assignedBodyId: 'pg-edu' }));
    await inbox.upsertTask(
      makeTask({ taskId: 't-input', kind: 'input', assignedBodyId: null, assigneeUserIds: ['u-clerk'] }),
    );
  });

  it('round-trips a task with ISO timestamps', async () => {
    expect(await inbox.getTask('t-later')).toEqual(makeTask({ taskId: 't-later', dueAt: '2026-04-30T00:00:00.000Z' }));
    expect(await inbox.getTask('t-none')).toBeNull();
  });

  it('lists a user inbox with open / due-soon / overdue counts', async () => {
    const { items, counts } = await inbox.listForUser('u-wc', approverWc, { now: NOW });
    expect(items.map((t) => t.taskId)).toEqual(['t-overdue', 't-soon', 't-later', 't-nodue']);
    expect(counts).toEqual({ open: 4, dueSoon: 1, overdue: 1 });
    const overdue = await inbox.listForUser('u-wc', approverWc, { now: NOW, overdueOnly: true });
    expect(overdue.items.map((t) => t.taskId)).toEqual(['t-overdue']);
    const clerk = await inbox.listForUser('u-clerk', [], { now: NOW });
    expect(clerk.items.map((t) => t.taskId)).toEqual(['t-input']);
    expect((await inbox.listForUser('u-nobody', [{ role: 'submitter', at: 'org-wc' }], { now: NOW })).counts).toEqual({
      open: 0,
      dueSoon: 0,
      overdue: 0,
    });
  });

  it('closes a task once and never reopens it on a late upsert', async () => {
    expect(await inbox.closeTask('t-soon', 'approve', 'u-wc', '2026-03-10T09:00:00.000Z', '同意')).toBe(true);
    expect(await inbox.closeTask('t-soon', 'reject', 'u-wc', '2026-03-10T10:00:00.000Z', 'late')).toBe(false);
    await inbox.upsertTask(makeTask({ taskId: 't-soon', dueAt: '2026-03-11T00:00:00.000Z' }));
    expect(await inbox.getTask('t-soon')).toMatchObject({
      status: 'done',
      outcome: 'approve',
      decidedBy: 'u-wc',
      decidedAt: '2026-03-10T09:00:00.000Z',
      comment: '同意',
    });
    const { items, counts } = await inbox.listForUser('u-wc', approverWc, { now: NOW });
    expect(items.map((t) => t.taskId)).not.toContain('t-soon');
    expect(counts).toEqual({ open: 3, dueSoon: 0, overdue: 1 });
    const done = await inbox.listForUser('u-wc', approverWc, { now: NOW, status: 'done' });
    expect(done.items.map((t) => t.taskId)).toEqual(['t-soon']);
  });

  it('reminds and escalates to the upper body, which then sees the task', async () => {
    expect(await inbox.markReminded('t-pg', '2026-03-05T00:00:00.000Z')).toBe(true);
    expect(await inbox.markEscalated('t-pg', 'org-wc', '2026-03-08T00:00:00.000Z')).toBe(true);
    expect(await inbox.getTask('t-pg')).toMatchObject({
      remindedAt: '2026-03-05T00:00:00.000Z',
      escalatedToBodyId: 'org-wc',
      escalatedAt: '2026-03-08T00:00:00.000Z',
    });
    expect((await inbox.listForBody('org-wc')).map((t) => t.taskId)).toContain('t-pg');
    expect((await inbox.listForBody('pg-edu')).map((t) => t.taskId)).toEqual(['t-pg']);
    expect((await inbox.listForUser('u-wc', approverWc, { now: NOW })).counts.open).toBe(4);
    expect(await inbox.markEscalated('t-none', 'org-wc', NOW)).toBe(false);
  });

  it('cancels the open tasks of a case', async () => {
    await inbox.upsertTask(makeTask({ taskId: 't-c2a', caseId: 'case-2' }));
    await inbox.upsertTask(makeTask({ taskId: 't-c2b', caseId: 'case-2', status: 'done', outcome: 'approve' }));
    expect(await inbox.cancelOpenTasks('case-2')).toEqual(['t-c2a']);
    expect((await inbox.listForCase('case-2')).map((t) => t.status).sort()).toEqual(['cancelled', 'done']);
  });

  it('never shows the political review comment (admission E10) in list views (RULES H-15)', async () => {
    const review = (taskId: string, procedure: InboxTask['procedure'], step: string) =>
      makeTask({ taskId, caseId: `case-${taskId}`, procedure, step, kind: 'input', assignedBodyId: 'org-br' });
    await inbox.upsertTask(review('t-e10', 'admission', 'E10'));
    await inbox.upsertTask(review('t-e9', 'admission', 'E9'));
    await inbox.upsertTask(review('t-el10', 'termElection', 'E10'));
    for (const id of ['t-e10', 't-e9', 't-el10']) {
      await inbox.closeTask(id, 'submit', 'u-br', '2026-03-10T09:00:00.000Z', `审查意见 ${id}`);
    }
    const branch = [{ role: 'submitter' as const, at: 'org-br' }];
    const { items } = await inbox.listForUser('u-br', branch, { now: NOW, status: 'all' });
    const comments = Object.fromEntries(items.map((t) => [t.taskId, t.comment]));
    expect(comments).toEqual({ 't-e10': null, 't-e9': '审查意见 t-e9', 't-el10': '审查意见 t-el10' });
    const body = await inbox.listForBody('org-br', 'all');
    expect(body.find((t) => t.taskId === 't-e10')?.comment).toBeNull();
    expect(body.find((t) => t.taskId === 't-e9')?.comment).toBe('审查意见 t-e9');
  });
});

describe.each(LANES)('AuditRepository on %s', (lane) => {
  const db = useLane(lane);

  it('appends once per dedupe key and lists a case timeline in order', async () => {
    const audit = new AuditRepository(db());
    const base = { caseId: 'case-a', procedure: 'establishment' as const, orgId: 'org-new', step: 'C3' };
    expect(
      await audit.append({
        ...base,
        dedupeKey: 'k2',
        event: 'task.decided',
        at: '2026-03-02T00:00:00Z',
        actorId: 'u-1',
        outcome: 'approve',
        detail: { n: 1 },
      }),
    ).toBe(true);
    expect(await audit.append({ ...base, dedupeKey: 'k1', event: 'case.submitted', at: '2026-03-01T00:00:00Z' })).toBe(
      true,
    );
    expect(await audit.append({ ...base, dedupeKey: 'k2', event: 'task.decided', at: '2026-03-09T00:00:00Z' })).toBe(
      false,
    );
    await audit.append({
      ...base,
      caseId: 'case-b',
      dedupeKey: 'k3',
      event: 'case.submitted',
      at: '2026-03-01T00:00:00Z',
    });
    const timeline = await audit.listForCase('case-a');
    expect(timeline.map((e) => [e.dedupeKey, e.event, e.at])).toEqual([
      ['k1', 'case.submitted', '2026-03-01T00:00:00.000Z'],
      ['k2', 'task.decided', '2026-03-02T00:00:00.000Z'],
    ]);
    expect(timeline[1]).toMatchObject({ actorId: 'u-1', outcome: 'approve', comment: null, detail: { n: 1 } });
  });
});

describe.each(LANES)('CaseSummaryRepository on %s', (lane) => {
  const db = useLane(lane);
  let cases: CaseSummaryRepository;
  const summary = (over: Partial<CaseSummaryInput>): CaseSummaryInput => ({
    caseId: 'c',
    procedure: 'establishment',
    orgId: 'org-b1',
    orgPath: ['org-b1', 'org-fin-oc', 'org-wc'],
    title: '成立党支部',
    status: 'active',
    stage: 'review',
    submittedBy: 'u-1',
    submittedAt: '2026-01-01T00:00:00.000Z',
    pendingBodyIds: ['org-wc'],
    dueAt: null,
    closedAt: null,
    ...over,
  });

  beforeAll(async () => {
    cases = new CaseSummaryRepository(db());
    await cases.upsert(
      summary({ caseId: 'c1', dueAt: '2026-02-01T00:00:00.000Z', submittedAt: '2026-01-01T00:00:00.000Z' }),
    );
    await cases.upsert(
      summary({ caseId: 'c2', submittedAt: '2026-01-02T00:00:00.000Z', procedure: 'termElection', stage: 'election' }),
    );
    await cases.upsert(
      summary({
        caseId: 'c3',
        submittedAt: '2026-01-03T00:00:00.000Z',
        orgId: 'org-e1',
        orgPath: ['org-e1', 'org-edu-oc', 'org-wc'],
      }),
    );
    await cases.upsert(
      summary({ caseId: 'c4', submittedAt: '2026-01-04T00:00:00.000Z', dueAt: '2026-09-01T00:00:00.000Z' }),
    );
  });

  it('upserts and reads back a summary', async () => {
    await cases.upsert(
      summary({
        caseId: 'c4',
        submittedAt: '2026-01-04T00:00:00.000Z',
        dueAt: '2026-09-01T00:00:00.000Z',
        status: 'completed',
        stage: 'done',
        closedAt: '2026-02-02T00:00:00Z',
        pendingBodyIds: [],
      }),
    );
    expect(await cases.get('c4')).toMatchObject({
      status: 'completed',
      stage: 'done',
      closedAt: '2026-02-02T00:00:00.000Z',
      pendingBodyIds: [],
      dueAt: '2026-09-01T00:00:00.000Z',
    });
    expect(await cases.get('none')).toBeNull();
  });

  it('filters by subtree, procedure, status, stage and overdue, with paging', async () => {
    const ids = async (f: Parameters<CaseSummaryRepository['list']>[0]) =>
      (await cases.list(f)).items.map((c) => c.caseId);
    expect(await ids({})).toEqual(['c4', 'c3', 'c2', 'c1']);
    expect(await ids({ orgSubtreeId: 'org-fin-oc' })).toEqual(['c4', 'c2', 'c1']);
    expect(await ids({ orgSubtreeId: 'org-edu-oc' })).toEqual(['c3']);
    expect(await ids({ procedure: 'termElection' })).toEqual(['c2']);
    expect(await ids({ status: 'active', stage: 'review' })).toEqual(['c3', 'c1']);
    expect(await ids({ overdue: true, now: '2026-03-01T00:00:00.000Z' })).toEqual(['c1']);
    const page = await cases.list({ limit: 2, offset: 1 });
    expect(page.items.map((c) => c.caseId)).toEqual(['c3', 'c2']);
    expect(page.total).toBe(4);
    expect(await cases.countByStatus()).toEqual({ active: 3, completed: 1, rejected: 0, withdrawn: 0, cancelled: 0 });
    expect((await cases.countByStatus('org-edu-oc')).active).toBe(1);
  });
});

describe.each(LANES)('NotificationRepository on %s', (lane) => {
  const db = useLane(lane);

  it('enqueues once per dedupe key and tracks email delivery', async () => {
    const outbox = new NotificationRepository(db());
    const mail = {
      dedupeKey: 'm1',
      userId: 'u-1',
      channel: 'email' as const,
      emailTo: 'a@x.cn',
      subject: '待办',
      body: 'b',
      taskId: 't-1',
    };
    const first = await outbox.enqueue(mail);
    const again = await outbox.enqueue({ ...mail, subject: 'changed' });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ status: 'pending', attempts: 0, sentAt: null, subject: '待办' });
    await outbox.enqueue({ ...mail, dedupeKey: 'm2' });
    expect((await outbox.pendingEmails()).map((n) => n.dedupeKey)).toEqual(['m1', 'm2']);
    await outbox.markFailed(first.id, 'smtp down');
    expect(await outbox.get(first.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'smtp down' });
    expect((await outbox.pendingEmails(50, 1)).map((n) => n.dedupeKey)).toEqual(['m2']);
    await outbox.markSent(first.id, '2026-03-01T00:00:00Z');
    expect(await outbox.get(first.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
      sentAt: '2026-03-01T00:00:00.000Z',
      lastError: null,
    });
    expect((await outbox.pendingEmails()).map((n) => n.dedupeKey)).toEqual(['m2']);
  });

  it('lists and marks in-app notifications per user', async () => {
    const outbox = new NotificationRepository(db());
    const a = await outbox.enqueue({
      dedupeKey: 'i1',
      userId: 'u-2',
      channel: 'inApp',
      subject: 's1',
      body: 'b',
      createdAt: '2026-03-01T00:00:00Z',
    });
    await outbox.enqueue({
      dedupeKey: 'i2',
      userId: 'u-2',
      channel: 'inApp',
      subject: 's2',
      body: 'b',
      createdAt: '2026-03-02T00:00:00Z',
    });
    await outbox.enqueue({ dedupeKey: 'i3', userId: 'u-3', channel: 'inApp', subject: 's3', body: 'b' });
    expect(a).toMatchObject({ status: 'sent', sentAt: '2026-03-01T00:00:00.000Z', readAt: null });
    expect((await outbox.listForUser('u-2')).map((n) => n.dedupeKey)).toEqual(['i2', 'i1']);
    expect(await outbox.markRead('u-3', a.id)).toBe(false);
    expect(await outbox.markRead('u-2', a.id, '2026-03-05T00:00:00Z')).toBe(true);
    expect(await outbox.markRead('u-2', a.id, '2026-03-06T00:00:00Z')).toBe(true);
    expect((await outbox.get(a.id))?.readAt).toBe('2026-03-05T00:00:00.000Z');
    expect((await outbox.listForUser('u-2', true)).map((n) => n.dedupeKey)).toEqual(['i2']);
  });
});
