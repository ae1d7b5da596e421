import { Context } from '@temporalio/activity';
import { and, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { notifications, users } from '../../libs/db';
import type { Db, NotificationChannel } from '../../libs/db';
import { activityLog } from '../support/activity-log';
import type { MailSender } from './mail-sender';

export const CHANNELS: readonly NotificationChannel[] = ['inApp', 'email'];

export interface OutboxDeps {
  db: Db;
  mailer: MailSender | null;
}

export interface Recipient {
  userId: string;
  email: string | null;
}

export interface OutboxMessage {
  subject: string;
  body: string;
  caseId: string | null;
  taskId: string | null;
  /** an iCalendar invitation sent with the email (organizational life notices) */
  ical?: string | null;
}

export interface DeliveryReport {
  enqueued: number;
  sent: number;
  pending: number;
}

/** Users by id, in the given order, without duplicates; unknown ids still get an in-app row (no email). */
export async function resolveRecipients(db: Db, userIds: readonly string[]): Promise<Recipient[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, unique));
  const emailById = new Map(rows.map((r) => [r.id, r.email]));
  return unique.map((userId) => ({ userId, email: emailById.get(userId) || null }));
}

/**
 * Outbox (DESIGN "Notifications"): one row per (recipient, channel) under `dedupeKey(userId, channel)`, inserted with
 * ON CONFLICT DO NOTHING, then every email row of those keys that is not yet `sent` is claimed, delivered and marked
 * sent (see `deliverPendingEmails`). A retried activity therefore re-sends only what did not go out, even while the
 * timed-out attempt still runs; the row id doubles as the Message-ID.
 * In-app rows are delivered by existing (the API lists them), so they are stored as `sent`.
 */
export async function enqueueAndDeliver(
  deps: OutboxDeps,
  recipients: readonly Recipient[],
  message: OutboxMessage,
  dedupeKey: (userId: string, channel: NotificationChannel) => string,
): Promise<DeliveryReport> {
  const { enqueued, keys } = await enqueue(deps, recipients, message, dedupeKey);
  if (keys.length === 0) return { enqueued: 0, sent: 0, pending: 0 };
  const delivery = await deliverPendingEmails(deps, keys);
  return { enqueued, ...delivery };
}

/** The outbox rows alone (no sending): returns the dedupe keys to hand to `deliverPendingEmails` later. */
export async function enqueue(
  deps: OutboxDeps,
  recipients: readonly Recipient[],
  message: OutboxMessage,
  dedupeKey: (userId: string, channel: NotificationChannel) => string,
): Promise<{ enqueued: number; keys: string[] }> {
  const keys: string[] = [];
  const rows: (typeof notifications.$inferInsert)[] = [];
  const now = new Date().toISOString();
  for (const r of recipients) {
    for (const channel of CHANNELS) {
      if (channel === 'email' && !r.email) continue;
      const key = dedupeKey(r.userId, channel);
      keys.push(key);
      rows.push({
        dedupeKey: key,
        userId: r.userId,
        channel,
        emailTo: channel === 'email' ? r.email : null,
        subject: message.subject,
        body: message.body,
        caseId: message.caseId,
        taskId: message.taskId,
        ical: channel === 'email' ? (message.ical ?? null) : null,
        status: channel === 'inApp' ? 'sent' : 'pending',
        sentAt: channel === 'inApp' ? now : null,
      });
    }
  }
  if (rows.length === 0) return { enqueued: 0, keys: [] };
  const inserted = await deps.db
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  return { enqueued: inserted.length, keys };
}

export interface DeliveryOptions {
  /** A `sending` claim older than this belongs to a crashed or abandoned attempt and may be taken over. */
  leaseMs?: number;
  /** How long to wait for rows another live attempt is sending before giving up (retryable). */
  claimWaitMs?: number;
  /** Poll interval while waiting for another attempt's rows. */
  pollMs?: number;
}

const DEFAULT_LEASE_MS = 2 * 60_000;
const DEFAULT_CLAIM_WAIT_MS = 10_000;
const DEFAULT_POLL_MS = 200;

/** The Temporal activity context when running inside an activity, otherwise null (tests, scripts). */
function currentActivity(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}

/** Email rows among `keys` that are not yet sent, oldest first. */
async function unsentEmailRows(db: Db, keys: readonly string[]) {
  return db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        inArray(notifications.dedupeKey, [...keys]),
        eq(notifications.channel, 'email'),
        ne(notifications.status, 'sent'),
      ),
    )
    .orderBy(notifications.id);
}

/**
 * Atomically claims one email row for this attempt: pending or failed rows, or a `sending` row whose claim is older
 * than the lease (its attempt crashed). Concurrent claimers of the same row cannot both win: the UPDATE re-checks the
 * condition on the latest row version. `claimed_at` uses the database clock so workers' clocks do not matter.
 */
async function claimRow(db: Db, id: number, leaseMs: number) {
  const [row] = await db
    .update(notifications)
    .set({ status: 'sending', claimedAt: sql`now()`, attempts: sql`${notifications.attempts} + 1` })
    .where(
      and(
        eq(notifications.id, id),
        eq(notifications.channel, 'email'),
        or(
          inArray(notifications.status, ['pending', 'failed']),
          and(
            eq(notifications.status, 'sending'),
            or(
              isNull(notifications.claimedAt),
              lt(notifications.claimedAt, sql`now() - ${Math.round(leaseMs)}::integer * interval '1 millisecond'`),
            ),
          ),
        ),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * Sends the not-yet-sent email rows among `keys`, each exactly once even when attempts overlap (a timed-out activity
 * attempt may still be sending while Temporal runs its retry): every row is claimed atomically right before its send,
 * then marked `sent`; a failed send marks it `failed` for a later attempt. Rows another live attempt holds are awaited
 * up to `claimWaitMs`, then reported by a retryable error, so the activity never completes before every row went out.
 * Inside an activity it heartbeats after each message and stops between messages once the attempt is cancelled;
 * unclaimed rows stay for the retry. Throws (retryable) after trying all rows if any send failed.
 */
export async function deliverPendingEmails(
  deps: OutboxDeps,
  keys: readonly string[],
  options: DeliveryOptions = {},
): Promise<{ sent: number; pending: number }> {
  if (keys.length === 0) return { sent: 0, pending: 0 };
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const waitUntil = Date.now() + (options.claimWaitMs ?? DEFAULT_CLAIM_WAIT_MS);
  const { db, mailer } = deps;
  if (!mailer) {
    const pendingRows = await unsentEmailRows(db, keys);
    if (pendingRows.length > 0) {
      activityLog('warn', 'no mailer configured; email notifications stay pending', {
        notificationIds: pendingRows.map((r) => r.id),
      });
    }
    return { sent: 0, pending: pendingRows.length };
  }

  const activity = currentActivity();
  const tried = new Set<number>();
  const failures: string[] = [];
  let sent = 0;
  for (;;) {
    const open = (await unsentEmailRows(db, keys)).filter((r) => !tried.has(r.id));
    let heldElsewhere = 0;
    for (const { id } of open) {
      activity?.cancellationSignal.throwIfAborted();
      const row = await claimRow(db, id, leaseMs);
      if (!row) {
        heldElsewhere += 1;
        continue;
      }
      tried.add(id);
      try {
        await mailer.send({
          to: row.emailTo ?? '',
          subject: row.subject,
          text: row.body,
          messageId: `notification-${row.id}`,
          ...(row.ical ? { ical: row.ical } : {}),
        });
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        failures.push(`#${row.id}: ${reason}`);
        // Only while the claim is still ours (attempts is the claim's fencing token): a newer claim wins.
        await db
          .update(notifications)
          .set({ status: 'failed', claimedAt: null, lastError: reason.slice(0, 2000) })
          .where(
            and(
              eq(notifications.id, row.id),
              eq(notifications.status, 'sending'),
              eq(notifications.attempts, row.attempts),
            ),
          );
        activity?.heartbeat({ notificationId: row.id, sent });
        continue;
      }
      // The message went out, so the row is sent whoever holds the claim now.
      await db
        .update(notifications)
        .set({ status: 'sent', sentAt: sql`now()`, claimedAt: null, lastError: null })
        .where(and(eq(notifications.id, row.id), ne(notifications.status, 'sent')));
      sent += 1;
      activity?.heartbeat({ notificationId: row.id, sent });
    }
    if (heldElsewhere === 0) break;
    // Some rows are being sent by another attempt (or were just finished by it): look again shortly.
    const stillHeld = (await unsentEmailRows(db, keys)).filter((r) => !tried.has(r.id));
    if (stillHeld.length === 0) break;
    if (Date.now() >= waitUntil) {
      failures.push(`${stillHeld.length} notification(s) still being sent by another delivery attempt`);
      break;
    }
    activity?.heartbeat({ waitingFor: stillHeld.map((r) => r.id), sent });
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    activity?.cancellationSignal.throwIfAborted();
  }
  if (failures.length > 0) {
    // Retryable on purpose: SMTP outages are infrastructure failures; sent rows are not resent.
    throw new Error(`email delivery incomplete: ${failures.join('; ')}`);
  }
  return { sent, pending: 0 };
}
