import { and, eq, lte, sql } from 'drizzle-orm';
import type { CaseStatus, Outcome, Task, TaskKind } from '../../libs/contracts';
import { caseSummaries, InboxRepository, iso, RegistryRepository, tasks } from '../../libs/db';
import type { Database, Db, TaskRow } from '../../libs/db';
import { taskEscalatedText, taskOpenedText, taskReminderText } from '../notify/notification.messages';
import type { TaskTextInput } from '../notify/notification.messages';
import { deliverPendingEmails, enqueue, enqueueAndDeliver, resolveRecipients } from '../notify/outbox';
import type { OutboxDeps } from '../notify/outbox';
import { usersWithRoleAt } from './body-lookup';

export interface InboxDeps {
  database: Database;
  mailer: OutboxDeps['mailer'];
  webBaseUrl: string;
}

export interface OpenTaskInput {
  task: Task;
  orgPath: string[];
  caseTitle: string;
}

export interface CloseTaskInput {
  taskId: string;
  status: 'done' | 'cancelled';
  outcome: string | null;
  decidedBy: string | null;
  decidedAt: string;
  comment: string | null;
}

export interface EscalateTaskInput {
  taskId: string;
  fromBodyId: string | null;
  at: string;
  level: number;
}

export interface UpsertCaseSummaryInput {
  caseId: string;
  procedure: string;
  orgId: string;
  orgPath: string[];
  title: string;
  status: string;
  stage: string;
  submittedBy: string;
  submittedAt: string;
  pendingBodyIds: string[];
  dueAt: string | null;
  closedAt: string | null;
  at: string;
  /** compliance flags (state.data.flags); omitted → left as stored */
  flags?: string[];
  /** the person the case is about (state.data.personId); omitted → left as stored */
  personId?: string | null;
}

/** Who may act on a task: named assignees plus approvers (approval) or submitters (input) of the assigned body. */
async function actingUsers(
  db: Db,
  t: { kind: TaskKind; assignedBodyId: string | null; assigneeUserIds: string[] },
): Promise<string[]> {
  const byRole = t.assignedBodyId
    ? await usersWithRoleAt(db, t.kind === 'approval' ? 'approver' : 'submitter', [t.assignedBodyId])
    : [];
  return [...new Set([...t.assigneeUserIds, ...byRole])];
}

function textInput(row: TaskRow, webBaseUrl: string): TaskTextInput {
  return {
    taskId: row.taskId,
    kind: row.kind,
    title: row.title,
    titleEn: row.titleEn,
    caseTitle: row.caseTitle,
    dueAt: iso(row.dueAt),
    webBaseUrl,
  };
}

async function loadTask(db: Db, taskId: string): Promise<TaskRow | undefined> {
  const [row] = await db.select().from(tasks).where(eq(tasks.taskId, taskId));
  return row;
}

export function createInboxActivities(deps: InboxDeps) {
  const db = deps.database.db;
  const outbox: OutboxDeps = { db, mailer: deps.mailer };
  const inbox = new InboxRepository(deps.database);
  const registry = new RegistryRepository(deps.database);
  /** Inbox row plus outbox rows for everyone who may act; returns the email keys still to deliver. */
  async function projectOpenTask(i: OpenTaskInput): Promise<string[]> {
    const t = i.task;
    // A closed task is never reopened by a retried open (repository guard), and then nobody is notified again.
    await inbox.upsertTask({ ...t, orgPath: i.orgPath, caseTitle: i.caseTitle });
    const row = await loadTask(db, t.taskId);
    if (!row || row.status !== 'open') return [];
    const recipients = await resolveRecipients(db, await actingUsers(db, row));
    const { keys } = await enqueue(
      outbox,
      recipients,
      { ...taskOpenedText(textInput(row, deps.webBaseUrl)), caseId: row.caseId, taskId: row.taskId },
      (userId, channel) => `task:${t.taskId}:open:${userId}:${channel}`,
    );
    return keys;
  }

  return {
    projectOpenTask,

    /** Projects a new task into the inbox and notifies everyone who may act (in-app + email, once per user). */
    async openTask(i: OpenTaskInput): Promise<void> {
      await deliverPendingEmails(outbox, await projectOpenTask(i));
    },

    /** Records the decision (or cancellation) once; a later call for an already closed task changes nothing. */
    async closeTask(i: CloseTaskInput): Promise<void> {
      await db
        .update(tasks)
        .set({
          status: i.status,
          outcome: i.outcome as Outcome | null,
          decidedBy: i.decidedBy,
          decidedAt: i.decidedAt,
          comment: i.comment,
        })
        .where(and(eq(tasks.taskId, i.taskId), eq(tasks.status, 'open')));
    },

    /** 催办 (reminder): marks the task reminded and notifies who may act; one reminder per task and user. */
    async remindTask(i: { taskId: string; at: string }): Promise<void> {
      const row = await loadTask(db, i.taskId);
      if (!row || row.status !== 'open') return;
      await inbox.markReminded(i.taskId, i.at);
      const recipients = await resolveRecipients(db, await actingUsers(db, row));
      await enqueueAndDeliver(
        outbox,
        recipients,
        { ...taskReminderText(textInput(row, deps.webBaseUrl)), caseId: row.caseId, taskId: row.taskId },
        (userId, channel) => `task:${i.taskId}:remind:${userId}:${channel}`,
      );
    },

    /**
     * Overdue task goes one body up (RULES §A.3 approval chain): the parent body's approvers and the administrators of
     * the case's organization path are told. Dedupe per (task, level); the parent body is returned to the workflow.
     */
    async escalateTask(i: EscalateTaskInput): Promise<{ toBodyId: string | null }> {
      const toBodyId = i.fromBodyId ? await registry.parentBodyOf(i.fromBodyId) : null;
      const row = await loadTask(db, i.taskId);
      if (!row) return { toBodyId };
      await db.update(tasks).set({ escalatedToBodyId: toBodyId, escalatedAt: i.at }).where(eq(tasks.taskId, i.taskId));
      const approvers = toBodyId ? await usersWithRoleAt(db, 'approver', [toBodyId]) : [];
      const admins = await usersWithRoleAt(db, 'admin', row.orgPath);
      const recipients = await resolveRecipients(db, [...approvers, ...admins]);
      await enqueueAndDeliver(
        outbox,
        recipients,
        {
          ...taskEscalatedText({ ...textInput(row, deps.webBaseUrl), level: i.level, fromBodyId: i.fromBodyId }),
          caseId: row.caseId,
          taskId: row.taskId,
        },
        (userId, channel) => `task:${i.taskId}:escalate:${i.level}:${userId}:${channel}`,
      );
      return { toBodyId };
    },

    /** Administrators' case list row; an older snapshot (smaller `at`) never overwrites a newer one. */
    async upsertCaseSummary(i: UpsertCaseSummaryInput): Promise<void> {
      const values = {
        caseId: i.caseId,
        procedure: i.procedure as Task['procedure'],
        orgId: i.orgId,
        orgPath: i.orgPath,
        title: i.title,
        status: i.status as CaseStatus,
        stage: i.stage,
        submittedBy: i.submittedBy,
        submittedAt: i.submittedAt,
        pendingBodyIds: i.pendingBodyIds,
        dueAt: i.dueAt,
        closedAt: i.closedAt,
        updatedAt: i.at,
        ...(i.flags !== undefined ? { flags: i.flags } : {}),
        ...(i.personId !== undefined ? { personId: i.personId } : {}),
      };
      const { caseId: _caseId, ...update } = values;
      await db
        .insert(caseSummaries)
        .values(values)
        .onConflictDoUpdate({
          target: caseSummaries.caseId,
          set: update,
          setWhere: lte(caseSummaries.updatedAt, sql`excluded.updated_at`),
        });
    },
  };
}
