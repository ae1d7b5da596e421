import { eq } from 'drizzle-orm';
import { toMessageIdHeader } from '../../activities';
import { auditEvents, notifications, tasks } from '../../libs/db';
import { startE2eStack, type E2eStack } from './harness/e2e-stack';
import { establishmentBody, establishmentDriver } from './harness/establishment-driver';
import { httpClient } from './harness/http-client';
import { killHard, spawnWorker, stopGracefully } from './harness/worker-process';

jest.setTimeout(420_000);

/**
 * Durability: the worker runs as its own process on PostgreSQL and is killed with SIGKILL right after a decision
 * was sent, twice; a new worker picks the case up and it finishes with nothing lost and nothing doubled.
 */
describe('worker killed with SIGKILL mid-case (PostgreSQL lane, worker as a separate process)', () => {
  let stack: E2eStack;
  let worker: ReturnType<typeof spawnWorker> | null = null;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startE2eStack({ lane: 'postgres', inProcessWorker: false });
  });
  afterAll(async () => {
    if (worker) await stopGracefully(worker);
    await stack?.stop();
  });

  function startWorker() {
    worker = spawnWorker({
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      DATABASE_URL: stack.databaseUrl!,
      SMTP_URL: stack.smtpUrl,
      MAIL_FROM: 'branchflow@example.gov.cn',
      // A worker killed mid-send leaves its claim; the next one takes it over after this lease (2 minutes in production).
      MAIL_CLAIM_LEASE_MS: '5000',
    });
    return worker;
  }

  it('finishes the case after two hard kills with every step, task, audit entry and email exactly once', async () => {
    const http = httpClient(stack.baseUrl);
    for (const user of ['u-clerk', 'u-pg-edu', 'u-wc-approver', 'u-admin']) tokens[user] = await http.token(user);
    const d = establishmentDriver(http, tokens);
    startWorker();

    const started = await http.call('POST', '/api/cases/establishment', {
      token: tokens['u-clerk'],
      body: establishmentBody(),
    });
    expect(started.status).toBe(201);
    const caseId = started.body.caseId as string;
    const c2 = await d.openTask('u-pg-edu', caseId, 'C2', 60_000);

    // Kill 1: the party group's decision is in flight when the worker dies.
    const pendingC2 = d.decide('u-pg-edu', caseId, c2.taskId, { outcome: 'approve' }, 'kill-1');
    await new Promise((r) => setTimeout(r, 150));
    await killHard(worker!);
    startWorker();
    // the call may outlive UPDATE_TIMEOUT_MS while the new worker starts: the browser sends it again, same key
    const c2Body = { outcome: 'approve' };
    expect((await d.decideRetrying('u-pg-edu', caseId, c2.taskId, c2Body, 'kill-1', pendingC2)).status).toBe(200);

    const c4 = await d.openTask('u-clerk', caseId, 'C4', 60_000);
    // Kill 2: during the activities that follow the submitter's input (closing C4, opening C5, projections, mail).
    const c4Body = { outcome: 'submit', payload: { discussionDate: '2026-12-01', summary: '同意' } };
    const pendingC4 = d.decide('u-clerk', caseId, c4.taskId, c4Body, 'kill-2');
    await new Promise((r) => setTimeout(r, 250));
    await killHard(worker!);
    startWorker();
    expect((await d.decideRetrying('u-clerk', caseId, c4.taskId, c4Body, 'kill-2', pendingC4)).status).toBe(200);

    const c5 = await d.openTask('u-wc-approver', caseId, 'C5', 60_000);
    expect((await d.decide('u-wc-approver', caseId, c5.taskId, { outcome: 'approve', comment: '同意' })).status).toBe(
      200,
    );
    await d.runElection(caseId);
    const c9 = await d.openTask('u-wc-approver', caseId, 'C9', 60_000);
    const reply = await d.decide('u-wc-approver', caseId, c9.taskId, {
      outcome: 'approve',
      payload: { replyNo: '工委〔2027〕9号' },
    });
    expect(reply.body).toMatchObject({ caseStatus: 'completed' });

    const db = stack.database.db;
    const caseTasks = await db.select().from(tasks).where(eq(tasks.caseId, caseId));
    expect(caseTasks.map((t) => `${t.step}:${t.status}:${t.outcome}`).sort()).toEqual(
      ['C2:done:approve', 'C4:done:submit', 'C5:done:approve', 'C9:done:approve'].sort(),
    );
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.caseId, caseId));
    expect(audit.filter((a) => a.event === 'task.decided').map((a) => a.step)).toEqual(['C2', 'C4', 'C5', 'C9']);
    expect(audit.filter((a) => a.event === 'task.opened')).toHaveLength(4);
    expect(audit.filter((a) => a.event === 'case.completed')).toHaveLength(1);

    const view = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens['u-admin'] });
    expect(view.body.timeline.filter((e: { event: string }) => e.event === 'task.decided')).toHaveLength(4);

    // Every email row is delivered (beside the procedure, so possibly just after the reply) and only once.
    await stack.client.workflow.getHandle(caseId).result();
    const emailRows = (await db.select().from(notifications)).filter(
      (n) => n.caseId === caseId && n.channel === 'email',
    );
    expect(emailRows.length).toBeGreaterThan(0);
    expect(emailRows.filter((n) => n.status !== 'sent')).toEqual([]);
    // A message arrives twice only if the worker died between the server's acceptance and the row being marked sent:
    // then its row was claimed again (attempts > 1) and receivers drop the copy by Message-ID.
    const header = (id: number) => toMessageIdHeader(`notification-${id}`);
    const copies = new Map<string, number>();
    for (const m of stack.mails) copies.set(String(m.messageId), (copies.get(String(m.messageId)) ?? 0) + 1);
    for (const row of emailRows) {
      const n = copies.get(header(row.id)) ?? 0;
      expect({ row: row.id, received: n >= 1, doubledWithoutReclaim: n > 1 && row.attempts < 2 }).toEqual({
        row: row.id,
        received: true,
        doubledWithoutReclaim: false,
      });
    }
  });
});
