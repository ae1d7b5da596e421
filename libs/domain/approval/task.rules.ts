import { violation, type RuleViolation } from '../errors/rule-violation';
import { addDuration, parseIsoInstant, subtractDuration } from '../dates/date-math';
import type { PolicyTable } from '../policy/policy-table';

export type TaskKind = 'approval' | 'input';
export type TaskOutcome = 'approve' | 'reject' | 'return' | 'submit';

export interface TaskRef {
  taskId: string;
  kind: TaskKind;
  status: 'open' | 'done' | 'cancelled';
  /** body (org id or party group id) whose approvers (approval) or submitters (input) may act */
  assignedBodyId: string | null;
  assigneeUserIds: string[];
}

export interface ActorRef {
  userId: string;
  roles: { role: 'submitter' | 'approver' | 'admin'; at: string }[];
  /** every org inside the subtrees this actor administers */
  adminOrgIds: string[];
}

const OUTCOMES: Record<TaskKind, TaskOutcome[]> = {
  approval: ['approve', 'reject', 'return'],
  input: ['submit'],
};

function isBlank(s: string | undefined | null): boolean {
  return s === undefined || s === null || s.trim().length === 0;
}

/** Whether the actor may act on the task: named assignee, or the right role at the assigned body. */
export function canActOnTask(task: TaskRef, actor: ActorRef): boolean {
  if (task.assigneeUserIds.includes(actor.userId)) return true;
  const role = task.kind === 'approval' ? 'approver' : 'submitter';
  return task.assignedBodyId !== null && actor.roles.some((r) => r.role === role && r.at === task.assignedBodyId);
}

/**
 * Approval-kernel check of one decision (审批 / 退回), shared by the update validator and the API. Checks in order:
 * TASK_NOT_FOUND, TASK_ALREADY_DECIDED, NOT_ASSIGNED, OUTCOME_NOT_ALLOWED, COMMENT_REQUIRED.
 */
export function checkDecision(
  task: TaskRef | undefined,
  actor: ActorRef,
  outcome: TaskOutcome,
  comment: string | undefined,
): RuleViolation | null {
  if (!task) {
    return violation({
      code: 'TASK_NOT_FOUND',
      kind: 'notFound',
      rule: 'RULES §A.3',
      message: '待办任务不存在',
      messageEn: 'task not found',
      numbers: {},
    });
  }
  if (task.status !== 'open') {
    return violation({
      code: 'TASK_ALREADY_DECIDED',
      kind: 'conflict',
      rule: 'RULES §A.3',
      message: `任务${task.taskId}已处理（状态：${task.status}）`,
      messageEn: `task ${task.taskId} is already ${task.status}`,
      numbers: { taskId: task.taskId, status: task.status },
    });
  }
  if (!canActOnTask(task, actor)) {
    return violation({
      code: 'NOT_ASSIGNED',
      kind: 'forbidden',
      rule: 'RULES §A.3',
      message: `用户${actor.userId}无权处理任务${task.taskId}`,
      messageEn: `user ${actor.userId} is not assigned to task ${task.taskId}`,
      numbers: { taskId: task.taskId, userId: actor.userId, assignedBodyId: task.assignedBodyId ?? '' },
    });
  }
  if (!OUTCOMES[task.kind].includes(outcome)) {
    return violation({
      code: 'OUTCOME_NOT_ALLOWED',
      kind: 'invalid',
      rule: 'RULES §A.3',
      message: `${task.kind === 'approval' ? '审批' : '填报'}任务不接受"${outcome}"，可选：${OUTCOMES[task.kind].join('、')}`,
      messageEn: `a ${task.kind} task takes ${OUTCOMES[task.kind].join(' | ')}, not ${outcome}`,
      numbers: { kind: task.kind, outcome },
    });
  }
  if ((outcome === 'reject' || outcome === 'return') && isBlank(comment)) {
    return violation({
      code: 'COMMENT_REQUIRED',
      kind: 'invalid',
      rule: 'RULES §C.1',
      message: outcome === 'reject' ? '不予批准须写明理由' : '退回修改须写明意见',
      messageEn: `${outcome} needs a comment with the reasons`,
      numbers: { outcome },
    });
  }
  return null;
}

/** A decision or command on a case that is closed or closing (the kernel's validators and the API). */
export function caseNotActive(caseStatus: string): RuleViolation {
  return violation({
    code: 'CASE_NOT_ACTIVE',
    kind: 'conflict',
    rule: 'RULES §A.3',
    message: `事项已结束（状态：${caseStatus}）`,
    messageEn: `case is ${caseStatus}, not active`,
    numbers: { caseStatus },
  });
}

/**
 * 撤回 (RULES §A.3): only the submitter, only while the case is active, and only while they hold a role today on the
 * path of the organization the case is at now — rights follow the present (issue 8 §4): a secretary who left the
 * branch, or whose branch handed the case over in a transfer, no longer withdraws it. The roles are those the API
 * asserted for today. Checks CASE_NOT_ACTIVE, NOT_SUBMITTER, then ROLE_NOT_HELD.
 */
export function checkWithdraw(
  caseStatus: string,
  submittedBy: string,
  orgPath: readonly string[],
  actor: ActorRef,
): RuleViolation | null {
  if (caseStatus !== 'active') return caseNotActive(caseStatus);
  if (actor.userId !== submittedBy) {
    return violation({
      code: 'NOT_SUBMITTER',
      kind: 'forbidden',
      rule: 'RULES §A.3',
      message: `只有提交人可以撤回，用户${actor.userId}不是提交人`,
      messageEn: `only the submitter may withdraw; user ${actor.userId} did not submit this case`,
      numbers: { userId: actor.userId },
    });
  }
  if (!holdsRoleOnPath(actor, orgPath)) {
    return violation({
      code: 'ROLE_NOT_HELD',
      kind: 'forbidden',
      rule: 'RULES §A.3; issue 8 §4 (rights follow the present)',
      message: `用户${actor.userId}现已不在该事项所属组织${orgPath[0] ?? ''}及其上级任职，不能撤回`,
      messageEn: `user ${actor.userId} no longer holds a role at the case's organization ${orgPath[0] ?? ''} or above it`,
      numbers: { userId: actor.userId, orgId: orgPath[0] ?? '' },
    });
  }
  return null;
}

/**
 * Holds a role today (submitter, approver, admin) at an organization of the path (org first, root last), or
 * administers one of them.
 */
export function holdsRoleOnPath(actor: ActorRef, orgPath: readonly string[]): boolean {
  return administersPath(actor, orgPath) || actor.roles.some((grant) => orgPath.includes(grant.at));
}

/** The actor administers the case's organization or one of its ancestors (`orgPath`, org first). */
export function administersPath(actor: ActorRef, orgPath: readonly string[]): boolean {
  return orgPath.some((id) => actor.adminOrgIds.includes(id));
}

/** Administrative cancellation: an admin of the case's org or an ancestor, with a reason, while active. */
export function checkAdminCancel(
  caseStatus: string,
  orgPath: string[],
  actor: ActorRef,
  reason: string,
): RuleViolation | null {
  if (caseStatus !== 'active') return caseNotActive(caseStatus);
  if (!administersPath(actor, orgPath)) {
    return violation({
      code: 'NOT_ADMIN',
      kind: 'forbidden',
      rule: 'RULES §A.3',
      message: `用户${actor.userId}不是该组织或其上级的管理员`,
      messageEn: `user ${actor.userId} administers neither the case's organization nor an ancestor`,
      numbers: { userId: actor.userId },
    });
  }
  if (isBlank(reason)) {
    return violation({
      code: 'REASON_REQUIRED',
      kind: 'invalid',
      rule: 'RULES §A.3',
      message: '撤销事项须写明理由',
      messageEn: 'cancellation needs a reason',
      numbers: {},
    });
  }
  return null;
}

/** Overdue once the due instant is reached (escalation fires at due); no due date is never overdue. */
export function isOverdue(dueAtIso: string | null, nowIso: string): boolean {
  if (dueAtIso === null) return false;
  return parseIsoInstant(nowIso) >= parseIsoInstant(dueAtIso);
}

export interface TaskSchedule {
  /** reminder (催办) instant, or null when it would fall before the task was created */
  remindAt: string | null;
  /** escalation instants: at due, then every escalationRepeat, maxEscalations in all */
  escalateAt: string[];
}

/** Kernel timers for a task with a due date: remind 7 days before due, escalate at due then every 7 days, ≤ 3. */
export function taskSchedule(createdAtIso: string, dueAtIso: string, policy: PolicyTable): TaskSchedule {
  const remind = subtractDuration(dueAtIso, policy.kernel.reminderLead);
  const escalateAt: string[] = [];
  let at = new Date(parseIsoInstant(dueAtIso)).toISOString();
  for (let i = 0; i < policy.kernel.maxEscalations; i += 1) {
    escalateAt.push(at);
    at = addDuration(at, policy.kernel.escalationRepeat);
  }
  return { remindAt: parseIsoInstant(remind) > parseIsoInstant(createdAtIso) ? remind : null, escalateAt };
}
