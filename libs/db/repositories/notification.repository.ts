import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database, Db } from '../database';
import { notifications, type NotificationChannel, type NotificationRow, type NotificationStatus } from '../schema';
import { cursorTs, cursorValues, encodeCursor, pageSize, type PageRequest } from './page-cursor';
import { iso } from './time.util';

export interface NotificationInput {
  /** stable per logical message (e.g. `${taskId}:assigned:${userId}:email`) so a retried activity enqueues once */
  dedupeKey: string;
  userId: string;
  channel: NotificationChannel;
  emailTo?: string | null;
  subject: string;
  body: string;
  caseId?: string | null;
  taskId?: string | null;
  createdAt?: string;
}

export interface Notification {
  id: number;
  dedupeKey: string;
  userId: string;
  channel: NotificationChannel;
  emailTo: string | null;
  subject: string;
  body: string;
  caseId: string | null;
  taskId: string | null;
  createdAt: string;
  readAt: string | null;
  sentAt: string | null;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
}

function toNotification(r: NotificationRow): Notification {
  return {
    ...r,
    id: Number(r.id),
    createdAt: iso(r.createdAt),
    readAt: iso(r.readAt),
    sentAt: iso(r.sentAt),
  };
}

/**
 * Notification outbox (DESIGN "Notifications"): enqueue is idempotent per dedupe key, emails are sent from
 * `pendingEmails()` and marked sent, so a retried activity never sends twice. In-app rows are delivered on insert.
 */
export class NotificationRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  /** Returns the stored row: the new one, or the existing one for a repeated dedupe key. */
  async enqueue(input: NotificationInput): Promise<Notification> {
    const createdAt = input.createdAt ?? new Date().toISOString();
    const inApp = input.channel === 'inApp';
    const [inserted] = await this.db
      .insert(notifications)
      .values({
        dedupeKey: input.dedupeKey,
        userId: input.userId,
        channel: input.channel,
        emailTo: input.emailTo ?? null,
        subject: input.subject,
        body: input.body,
        caseId: input.caseId ?? null,
        taskId: input.taskId ?? null,
        createdAt,
        status: inApp ? 'sent' : 'pending',
        sentAt: inApp ? createdAt : null,
      })
      .onConflictDoNothing({ target: notifications.dedupeKey })
      .returning();
    if (inserted) return toNotification(inserted);
    const [existing] = await this.db.select().from(notifications).where(eq(notifications.dedupeKey, input.dedupeKey));
    if (!existing) throw new Error(`notification ${input.dedupeKey} conflicted but is missing`);
    return toNotification(existing);
  }

  async get(id: number): Promise<Notification | null> {
    const [row] = await this.db.select().from(notifications).where(eq(notifications.id, id));
    return row ? toNotification(row) : null;
  }

  async markSent(id: number, at: string = new Date().toISOString()): Promise<void> {
    await this.db
      .update(notifications)
      .set({ status: 'sent', sentAt: at, attempts: sql`${notifications.attempts} + 1`, lastError: null })
      .where(eq(notifications.id, id));
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db
      .update(notifications)
      .set({ status: 'failed', attempts: sql`${notifications.attempts} + 1`, lastError: error.slice(0, 2000) })
      .where(eq(notifications.id, id));
  }

  /** The user's in-app notifications, newest first: the first page. */
  async listForUser(userId: string, unreadOnly = false, page: PageRequest = {}): Promise<Notification[]> {
    return (await this.pageForUser(userId, unreadOnly, page)).items;
  }

  /** A page of the user's in-app notifications, newest first (keyset on created_at, id). */
  async pageForUser(
    userId: string,
    unreadOnly = false,
    page: PageRequest = {},
  ): Promise<{ items: Notification[]; nextCursor: string | null }> {
    const limit = pageSize(page.limit, 100);
    const after = page.cursor ? cursorValues('notifications', page.cursor) : undefined;
    const rows = await this.db
      .select({ row: notifications, cCreated: cursorTs(notifications.createdAt) })
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, userId),
          eq(notifications.channel, 'inApp'),
          unreadOnly ? isNull(notifications.readAt) : undefined,
          after
            ? sql`(${notifications.createdAt}, ${notifications.id}) < (${after[0]}::timestamptz, ${after[1]})`
            : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit + 1);
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const last = shown[shown.length - 1];
    return {
      items: shown.map((r) => toNotification(r.row)),
      nextCursor: more && last ? encodeCursor('notifications', [last.cCreated, Number(last.row.id)]) : null,
    };
  }

  /** Marks one of the user's notifications read; false when it is not theirs or does not exist. */
  async markRead(userId: string, id: number, at: string = new Date().toISOString()): Promise<boolean> {
    const rows = await this.db
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, ${at}::timestamptz)` })
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
      .returning({ id: notifications.id });
    return rows.length > 0;
  }

  /** Emails still to send (pending, or failed with attempts left), oldest first. */
  async pendingEmails(limit = 50, maxAttempts = 5): Promise<Notification[]> {
    const rows = await this.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.channel, 'email'),
          inArray(notifications.status, ['pending', 'failed']),
          lt(notifications.attempts, maxAttempts),
        ),
      )
      .orderBy(asc(notifications.createdAt), asc(notifications.id))
      .limit(limit);
    return rows.map(toNotification);
  }
}
