import { and, arrayContains, asc, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Outcome, Procedure, RoleGrant, Task, TaskStatus } from '../../contracts';
import type { Database, Db } from '../database';
import { tasks, type TaskRow } from '../schema';
import { cursorTs, cursorValues, encodeCursor, pageSize, type PageRequest } from './page-cursor';
import { iso, nowIso } from './time.util';

/** A task as the inbox stores it: the contract `Task` plus the case's org path and title. */
export type InboxTask = Task & { orgPath: string[]; caseTitle: string };

export interface InboxCounts {
  open: number;
  dueSoon: number;
  overdue: number;
}

export interface InboxFilters {
  /** default 'open' */
  status?: TaskStatus | 'all';
  overdueOnly?: boolean;
  /** only tasks of this procedure */
  procedure?: Procedure;
  /** only tasks of this organization or of organizations below it */
  orgSubtreeId?: string;
  /** only tasks of this case */
  caseId?: string;
  /** only tasks this user decided (已办) */
  decidedBy?: string;
  /** clock for overdue / due-soon (default: now) */
  now?: string;
  /** window for dueSoon, default 48 hours */
  dueSoonHours?: number;
}

/** Default page size of the task lists (inbox, a body's queue). */
export const TASK_PAGE_DEFAULT = 100;

/** One page of a task list; `nextCursor` is null on the last page. */
export interface TaskPage {
  items: InboxTask[];
  nextCursor: string | null;
}

function toTask(r: TaskRow): InboxTask {
  return {
    taskId: r.taskId,
    caseId: r.caseId,
    procedure: r.procedure,
    orgId: r.orgId,
    orgPath: r.orgPath,
    caseTitle: r.caseTitle,
    step: r.step,
    kind: r.kind,
    title: r.title,
    titleEn: r.titleEn,
    assignedBodyId: r.assignedBodyId,
    assigneeUserIds: r.assigneeUserIds,
    createdAt: iso(r.createdAt),
    dueAt: iso(r.dueAt),
    status: r.status,
    outcome: r.outcome,
    decidedBy: r.decidedBy,
    decidedAt: iso(r.decidedAt),
    comment: r.comment,
    remindedAt: iso(r.remindedAt),
    escalatedToBodyId: r.escalatedToBodyId,
    escalatedAt: iso(r.escalatedAt),
  };
}

/**
 * A task as list views show it: the political review task of member development (RULES §E step 10) never carries its
 * decision comment there — the review's text is for the cleared readers of the case view and dossier only (RULES
 * H-15), and a list cannot tell who reads it. The workflow no longer projects it; older rows may still hold it.
 */
function toListedTask(r: TaskRow): InboxTask {
  const task = toTask(r);
  return r.procedure === 'admission' && r.step === 'E10' ? { ...task, comment: null } : task;
}

/**
 * Approval inbox (待办) projection written by activities. A user sees a task when named in assignee_user_ids, when it
 * is an approval task assigned or escalated (催办/上报) to a body where the user is approver, or an input task at a
 * node where the user is submitter or approver.
 */
export class InboxRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  /**
   * Insert or refresh a task. A closed task is never reopened by a late, retried "open" write (activity retries are
   * at-least-once).
   */
  async upsertTask(task: InboxTask): Promise<void> {
    const values = {
      ...task,
      orgPath: task.orgPath,
      caseTitle: task.caseTitle,
    };
    const { taskId: _id, ...set } = values;
    await this.db
      .insert(tasks)
      .values(values)
      .onConflictDoUpdate({
        target: tasks.taskId,
        set,
        setWhere: or(eq(tasks.status, 'open'), sql`excluded.status <> 'open'`),
      });
  }

  /** Records the decision; returns false when the task is unknown or already closed. */
  async closeTask(
    taskId: string,
    outcome: Outcome,
    decidedBy: string,
    decidedAt: string,
    comment: string | null = null,
  ): Promise<boolean> {
    const rows = await this.db
      .update(tasks)
      .set({ status: 'done', outcome, decidedBy, decidedAt, comment })
      .where(and(eq(tasks.taskId, taskId), eq(tasks.status, 'open')))
      .returning({ id: tasks.taskId });
    return rows.length > 0;
  }

  /** Cancels every open task of a case (withdraw / cancel / rejection elsewhere). Returns cancelled ids. */
  async cancelOpenTasks(caseId: string): Promise<string[]> {
    const rows = await this.db
      .update(tasks)
      .set({ status: 'cancelled' })
      .where(and(eq(tasks.caseId, caseId), eq(tasks.status, 'open')))
      .returning({ id: tasks.taskId });
    return rows.map((r) => r.id);
  }

  async markReminded(taskId: string, at: string): Promise<boolean> {
    const rows = await this.db
      .update(tasks)
      .set({ remindedAt: at })
      .where(eq(tasks.taskId, taskId))
      .returning({ id: tasks.taskId });
    return rows.length > 0;
  }

  async markEscalated(taskId: string, toBodyId: string, at: string): Promise<boolean> {
    const rows = await this.db
      .update(tasks)
      .set({ escalatedToBodyId: toBodyId, escalatedAt: at })
      .where(eq(tasks.taskId, taskId))
      .returning({ id: tasks.taskId });
    return rows.length > 0;
  }

  async getTask(taskId: string): Promise<InboxTask | null> {
    const [row] = await this.db.select().from(tasks).where(eq(tasks.taskId, taskId));
    return row ? toTask(row) : null;
  }

  async listForCase(caseId: string): Promise<InboxTask[]> {
    const rows = await this.db
      .select()
      .from(tasks)
      .where(eq(tasks.caseId, caseId))
      .orderBy(asc(tasks.createdAt), asc(tasks.taskId));
    return rows.map(toTask);
  }

  /** Tasks assigned or escalated to a body (org committee or party group): the first page. */
  async listForBody(bodyId: string, status: TaskStatus | 'all' = 'open', page: PageRequest = {}): Promise<InboxTask[]> {
    return (await this.pageForBody(bodyId, status, page)).items;
  }

  /** A page of a body's queue, in inbox order (due date, then creation, then id). */
  async pageForBody(bodyId: string, status: TaskStatus | 'all' = 'open', page: PageRequest = {}): Promise<TaskPage> {
    // the status inside each arm, so each arm is one scan of its (body, status) index
    const st = status === 'all' ? undefined : eq(tasks.status, status);
    const where = or(and(eq(tasks.assignedBodyId, bodyId), st), and(eq(tasks.escalatedToBodyId, bodyId), st));
    return this.page('body', where, page);
  }

  /** 待办 / 已办 of a user: one page of the tasks they may see, and the counts of all their open tasks. */
  async listForUser(
    userId: string,
    roles: RoleGrant[],
    filters: InboxFilters & PageRequest = {},
  ): Promise<TaskPage & { counts: InboxCounts }> {
    const now = filters.now ?? nowIso();
    const soon = new Date(Date.parse(now) + (filters.dueSoonHours ?? 48) * 3_600_000).toISOString();
    const status = filters.status ?? 'open';
    const where = and(
      tasksVisibleTo(userId, roles, status === 'all' ? undefined : status),
      filters.overdueOnly ? and(eq(tasks.status, 'open'), lt(tasks.dueAt, now)) : undefined,
      filters.procedure ? eq(tasks.procedure, filters.procedure) : undefined,
      filters.orgSubtreeId ? arrayContains(tasks.orgPath, [filters.orgSubtreeId]) : undefined,
      filters.decidedBy ? eq(tasks.decidedBy, filters.decidedBy) : undefined,
      filters.caseId ? eq(tasks.caseId, filters.caseId) : undefined,
    );
    const { items, nextCursor } = await this.page('inbox', where, filters);
    const [c] = await this.db
      .select({
        open: sql<number>`count(*)::int`,
        overdue: sql<number>`(count(*) filter (where ${tasks.dueAt} < ${now}))::int`,
        dueSoon: sql<number>`(count(*) filter (where ${and(gte(tasks.dueAt, now), lt(tasks.dueAt, soon))}))::int`,
      })
      .from(tasks)
      .where(tasksVisibleTo(userId, roles, 'open'));
    return {
      items,
      nextCursor,
      counts: { open: Number(c?.open ?? 0), dueSoon: Number(c?.dueSoon ?? 0), overdue: Number(c?.overdue ?? 0) },
    };
  }

  /**
   * One page in inbox order (due date first, undated last, then creation time, then id), by keyset: the rows after the
   * cursor's (due, created, id), never an offset, so a page costs the same wherever it lies and rows never repeat.
   */
  private async page(list: 'inbox' | 'body', where: SQL | undefined, page: PageRequest): Promise<TaskPage> {
    const limit = pageSize(page.limit, TASK_PAGE_DEFAULT);
    const rows = await this.db
      .select({ row: tasks, cDue: cursorTs(tasks.dueAt), cCreated: cursorTs(tasks.createdAt) })
      .from(tasks)
      .where(and(where, page.cursor ? afterTask(cursorValues(list, page.cursor)) : undefined))
      .orderBy(...this.order())
      .limit(limit + 1);
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const last = shown[shown.length - 1];
    return {
      items: shown.map((r) => toListedTask(r.row)),
      nextCursor: more && last ? encodeCursor(list, [last.cDue, last.cCreated, last.row.taskId]) : null,
    };
  }

  private order() {
    return [sql`${tasks.dueAt} asc nulls last`, asc(tasks.createdAt), asc(tasks.taskId)];
  }
}

/** Tasks after a cursor (due, created, id) in inbox order: `due_at asc nulls last, created_at asc, task_id asc`. */
function afterTask([due, created, id]: (string | number | null)[]): SQL {
  const tail = sql`(${tasks.createdAt}, ${tasks.taskId}) > (${created}::timestamptz, ${id})`;
  if (due === null) return and(isNull(tasks.dueAt), tail)!;
  return or(
    gt(tasks.dueAt, sql`${due}::timestamptz`),
    isNull(tasks.dueAt),
    and(eq(tasks.dueAt, sql`${due}::timestamptz`), tail),
  )!;
}

/**
 * The tasks a user may act on (and so see) with the roles they hold today: named on it, approver at the body of an
 * approval (or the body it was escalated to), submitter or approver at the body of an input task.
 */
export function tasksVisibleTo(userId: string, roles: RoleGrant[], status?: TaskStatus): SQL {
  const approverAt = roles.filter((g) => g.role === 'approver').map((g) => g.at);
  // a status goes inside each arm, so that each arm is one scan of its (body, status) index, not every task the body
  // ever had filtered afterwards
  const st = status ? eq(tasks.status, status) : undefined;
  return or(
    and(arrayContains(tasks.assigneeUserIds, [userId]), st),
    tasksAtRoleBodies(roles, status),
    approverAt.length ? and(eq(tasks.kind, 'approval'), inArray(tasks.escalatedToBodyId, approverAt), st) : undefined,
  )!;
}

/**
 * The tasks assigned to a body where the user holds the acting role today (approver of an approval, submitter or
 * approver of an input task), whoever was named on them: what a case's decided steps show to the bodies that decided
 * them (mayViewCase's `extraTasks`), without a name on an old task or an escalation granting a case for good.
 */
export function tasksAtRoleBodies(roles: RoleGrant[], status?: TaskStatus): SQL | undefined {
  const approverAt = roles.filter((g) => g.role === 'approver').map((g) => g.at);
  const inputAt = roles.filter((g) => g.role === 'submitter' || g.role === 'approver').map((g) => g.at);
  const st = status ? eq(tasks.status, status) : undefined;
  return or(
    approverAt.length ? and(eq(tasks.kind, 'approval'), inArray(tasks.assignedBodyId, approverAt), st) : undefined,
    inputAt.length ? and(eq(tasks.kind, 'input'), inArray(tasks.assignedBodyId, inputAt), st) : undefined,
  );
}
