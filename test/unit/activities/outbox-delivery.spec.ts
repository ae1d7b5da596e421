import { CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { inArray, sql } from 'drizzle-orm';
import { deliverPendingEmails, enqueue } from '../../../activities/notify/outbox';
import type { OutboxDeps, Recipient } from '../../../activities/notify/outbox';
import type { MailSender } from '../../../activities/notify/mail-sender';
import { createSmtpMailSender } from '../../../activities/notify/smtp-mail-sender';
import { notifications } from '../../../libs/db';
import type { Db } from '../../../libs/db';
import { LANES, useLane } from '../db/lanes';
import { startCollectingSink } from './activities.fixture';

jest.setTimeout(60_000);

const message = { subject: '待办 / To do', body: '请办理。\nPlease act.', caseId: 'case-x', taskId: null };

function recipients(prefix: string, n: number): Recipient[] {
  return Array.from({ length: n }, (_, i) => ({ userId: `${prefix}-${i}`, email: `${prefix}-${i}@example.test` }));
}

/** Outbox rows for `prefix` recipients; returns only the email keys (what deliverPendingEmails is handed). */
async function enqueueEmails(db: Db, prefix: string, n: number): Promise<string[]> {
  const { keys } = await enqueue({ db, mailer: null }, recipients(prefix, n), message, (u, c) => `${prefix}:${u}:${c}`);
  return keys.filter((k) => k.endsWith(':email'));
}

function emailRows(db: Db, keys: string[]) {
  return db.select().from(notifications).where(inArray(notifications.dedupeKey, keys)).orderBy(notifications.id);
}

describe.each(LANES)('exactly-once email delivery (%s)', (lane) => {
  const database = useLane(lane);
  let sink: Awaited<ReturnType<typeof startCollectingSink>>;
  const mailers: ReturnType<typeof createSmtpMailSender>[] = [];
  const smtp = () => {
    const m = createSmtpMailSender({ smtpUrl: sink.url, from: 'branchflow@example.test' });
    mailers.push(m);
    return m;
  };
  const mailsTo = (prefix: string) => sink.mails.filter((m) => m.to.some((t) => t.startsWith(`${prefix}-`)));

  beforeAll(async () => {
    sink = await startCollectingSink();
  });
  afterAll(async () => {
    for (const m of mailers) m.close();
    await sink.close();
  });

  it('two concurrent attempts on the same keys send every message exactly once', async () => {
    const { db } = database();
    const keys = await enqueueEmails(db, 'conc', 6);
    // Each attempt has its own SMTP connection, as two activity attempts on different workers would.
    const [a, b] = await Promise.all([
      deliverPendingEmails({ db, mailer: smtp() }, keys),
      deliverPendingEmails({ db, mailer: smtp() }, keys),
    ]);

    expect(a.sent + b.sent).toBe(6);
    expect(a.pending + b.pending).toBe(0);
    const mails = mailsTo('conc');
    expect(mails.flatMap((m) => m.to).sort()).toEqual(
      recipients('conc', 6)
        .map((r) => r.email)
        .sort(),
    );
    const rows = await emailRows(db, keys);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ['sent', 1]));
    expect(mails.map((m) => m.messageId).sort()).toEqual(rows.map((r) => `<notification-${r.id}@branchflow>`).sort());
  });

  it("takes over a crashed attempt's 'sending' claim once the lease has expired, and sends it once", async () => {
    const { db } = database();
    const keys = await enqueueEmails(db, 'stale', 2);
    await db
      .update(notifications)
      .set({ status: 'sending', attempts: 1, claimedAt: sql`now() - interval '5 minutes'` })
      .where(inArray(notifications.dedupeKey, keys));

    const result = await deliverPendingEmails({ db, mailer: smtp() }, keys);
    expect(result).toEqual({ sent: 2, pending: 0 });
    await deliverPendingEmails({ db, mailer: smtp() }, keys);
    expect(mailsTo('stale')).toHaveLength(2);
    const rows = await emailRows(db, keys);
    expect(rows.map((r) => [r.status, r.attempts, r.claimedAt])).toEqual(rows.map(() => ['sent', 2, null]));
  });

  it("leaves a live 'sending' claim alone and fails retryably while another attempt still holds it", async () => {
    const { db } = database();
    const keys = await enqueueEmails(db, 'live', 1);
    await db
      .update(notifications)
      .set({ status: 'sending', attempts: 1, claimedAt: sql`now()` })
      .where(inArray(notifications.dedupeKey, keys));

    await expect(deliverPendingEmails({ db, mailer: smtp() }, keys, { claimWaitMs: 300 })).rejects.toThrow(
      /1 notification\(s\) still being sent by another delivery attempt/,
    );
    expect(mailsTo('live')).toHaveLength(0);
    const [row] = await emailRows(db, keys);
    expect([row!.status, row!.attempts]).toEqual(['sending', 1]);

    // The other attempt finishes while this one waits: this one then succeeds without sending anything.
    const waiting = deliverPendingEmails({ db, mailer: smtp() }, keys, { claimWaitMs: 5_000, pollMs: 20 });
    await new Promise((r) => setTimeout(r, 100));
    await db
      .update(notifications)
      .set({ status: 'sent', claimedAt: null })
      .where(inArray(notifications.dedupeKey, keys));
    await expect(waiting).resolves.toEqual({ sent: 0, pending: 0 });
    expect(mailsTo('live')).toHaveLength(0);
  });

  it("a late failure of an attempt whose claim was taken over does not undo the newer attempt's delivery", async () => {
    const { db } = database();
    const keys = await enqueueEmails(db, 'fence', 1);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const sending = new Promise<void>((r) => (started = r));
    const hung: MailSender = {
      async send() {
        started();
        await released;
        throw new Error('connection reset');
      },
    };
    const old = deliverPendingEmails({ db, mailer: hung }, keys);
    await sending;
    await new Promise((r) => setTimeout(r, 120));
    await expect(deliverPendingEmails({ db, mailer: smtp() }, keys, { leaseMs: 50 })).resolves.toEqual({
      sent: 1,
      pending: 0,
    });
    release();
    await expect(old).rejects.toThrow(/connection reset/);

    expect(mailsTo('fence')).toHaveLength(1);
    const [row] = await emailRows(db, keys);
    expect([row!.status, row!.attempts, row!.lastError]).toEqual(['sent', 2, null]);
  });

  it('a failed send is marked failed (retryable) and a later attempt sends it exactly once', async () => {
    const { db } = database();
    const keys = await enqueueEmails(db, 'flaky', 3);
    const real = smtp();
    let refuse: string | null = 'flaky-1@example.test';
    const flaky: MailSender = {
      async send(msg) {
        if (msg.to === refuse) throw new Error('451 4.3.0 try again later');
        await real.send(msg);
      },
    };

    await expect(deliverPendingEmails({ db, mailer: flaky }, keys)).rejects.toThrow(/451 4\.3\.0 try again later/);
    let rows = await emailRows(db, keys);
    expect(rows.map((r) => [r.emailTo, r.status, r.attempts])).toEqual([
      ['flaky-0@example.test', 'sent', 1],
      ['flaky-1@example.test', 'failed', 1],
      ['flaky-2@example.test', 'sent', 1],
    ]);
    expect(rows[1]!.lastError).toContain('451');

    refuse = null;
    await expect(deliverPendingEmails({ db, mailer: flaky }, keys)).resolves.toEqual({ sent: 1, pending: 0 });
    await expect(deliverPendingEmails({ db, mailer: flaky }, keys)).resolves.toEqual({ sent: 0, pending: 0 });
    expect(
      mailsTo('flaky')
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(['flaky-0@example.test', 'flaky-1@example.test', 'flaky-2@example.test']);
    rows = await emailRows(db, keys);
    expect(rows.map((r) => [r.status, r.attempts, r.lastError])).toEqual([
      ['sent', 1, null],
      ['sent', 2, null],
      ['sent', 1, null],
    ]);
  });

  it('without a mailer nothing is claimed: rows stay pending and are reported as pending', async () => {
    const { db } = database();
    const keys = await enqueueEmails(db, 'nomail', 2);
    await expect(deliverPendingEmails({ db, mailer: null }, keys)).resolves.toEqual({ sent: 0, pending: 2 });
    const rows = await emailRows(db, keys);
    expect(rows.map((r) => [r.status, r.attempts, r.claimedAt])).toEqual(rows.map(() => ['pending', 0, null]));
  });

  it('inside an activity it heartbeats per message and stops sending once the attempt is cancelled', async () => {
    const { db } = database();
    const keys = await enqueueEmails(db, 'hb', 3);
    const env = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => heartbeats.push(d));
    const real = smtp();
    // The attempt times out right after its first message went out (Temporal cancels the timed-out attempt).
    const deps: OutboxDeps = {
      db,
      mailer: {
        async send(msg) {
          await real.send(msg);
          env.cancel('TIMED_OUT');
        },
      },
    };
    await expect(env.run(deliverPendingEmails, deps, keys)).rejects.toBeInstanceOf(CancelledFailure);
    expect(heartbeats.length).toBeGreaterThanOrEqual(1);
    expect(mailsTo('hb')).toHaveLength(1);
    const rows = await emailRows(db, keys);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'pending', 'pending']);

    // The retry sends only the rest, heartbeating after each message.
    const retry = new MockActivityEnvironment();
    const retryBeats: unknown[] = [];
    retry.on('heartbeat', (d: unknown) => retryBeats.push(d));
    await expect(retry.run(deliverPendingEmails, { db, mailer: real }, keys)).resolves.toEqual({ sent: 2, pending: 0 });
    expect(retryBeats.length).toBeGreaterThanOrEqual(2);
    expect(
      mailsTo('hb')
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(['hb-0@example.test', 'hb-1@example.test', 'hb-2@example.test']);
  });
});
