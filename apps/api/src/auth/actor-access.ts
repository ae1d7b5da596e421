import type { Actor, CaseState, RoleName, Task } from '../../../../libs/contracts';
import { canActOnTask, holdsRoleOnPath } from '../../../../libs/domain';

export { holdsRoleOnPath };

/** Nodes (org ids or party group ids) where the actor holds `role`. */
export function nodesWithRole(actor: Actor, role: RoleName): string[] {
  return actor.roles.filter((grant) => grant.role === role).map((grant) => grant.at);
}

export function hasRoleAt(actor: Actor, role: RoleName, nodeId: string): boolean {
  return actor.roles.some((grant) => grant.role === role && grant.at === nodeId);
}

/** Admin over a case or org: administers a subtree containing any node of the org path (org first, root last). */
export function isAdminOver(actor: Actor, orgPath: readonly string[]): boolean {
  return orgPath.some((orgId) => actor.adminOrgIds.includes(orgId));
}

export function isAnyAdmin(actor: Actor): boolean {
  return actor.roles.some((grant) => grant.role === 'admin');
}

/** Submitter at any org of the path — establishing under `parentOrgPath` needs this (RULES §C.1 C3). */
export function isSubmitterOnPath(actor: Actor, orgPath: readonly string[]): boolean {
  return orgPath.some((orgId) => hasRoleAt(actor, 'submitter', orgId));
}

type TaskAccess = Pick<Task, 'taskId' | 'kind' | 'status' | 'assigneeUserIds' | 'assignedBodyId' | 'escalatedToBodyId'>;

/**
 * Who may ACT on a task: the approval kernel's own rule (named assignee, or the right role at the assigned body).
 * Escalation (上报) does not hand a task over, so `escalatedToBodyId` plays no part here (RULES §A.3).
 */
export function mayActOnTask(actor: Actor, task: TaskAccess): boolean {
  return canActOnTask(task, actor);
}

/**
 * Who may SEE a task: anyone who may act on it, plus approvers of the body it was escalated to, who follow and urge
 * it (催办) read-only from their inbox.
 */
export function maySeeTask(actor: Actor, task: TaskAccess): boolean {
  if (mayActOnTask(actor, task)) return true;
  if (task.assignedBodyId && hasRoleAt(actor, 'approver', task.assignedBodyId)) return true;
  return task.escalatedToBodyId !== null && hasRoleAt(actor, 'approver', task.escalatedToBodyId);
}

/**
 * Who may read a case — rights follow the present (issue 8 §4): an admin over its org path today, the
 * organization's own committee, anyone who may see one of its open tasks with today's roles, its submitter while
 * they still hold a role on the case's path, and the approvers (by today's roles, not a name on an old task) of the
 * bodies that decided its earlier steps at the organization the case is at now. After a transfer
 * (组织关系转接) the old branch's committee, its approvers and its secretary who filed the case lose it.
 * `extraTasks` are inbox rows of the case (decided tasks included) that are no longer in `pendingTasks`.
 */
export function mayViewCase(
  actor: Actor,
  state: Pick<CaseState, 'submittedBy' | 'orgPath'> & { orgId?: string; pendingTasks: readonly TaskAccess[] },
  extraTasks: readonly (TaskAccess & { orgId?: string })[] = [],
): boolean {
  if (isAdminOver(actor, state.orgPath)) return true;
  if (state.submittedBy === actor.userId && holdsRoleOnPath(actor, state.orgPath)) return true;
  // The organization's own committee (its submitters and approvers) follows every case about it, including the
  // term election the term clock opens by itself (issue 3: "visible to the organization's committee").
  const [orgId] = state.orgPath;
  if (actor.roles.some((g) => (g.role === 'submitter' || g.role === 'approver') && g.at === orgId)) return true;
  if (state.pendingTasks.some((task) => maySeeTask(actor, task))) return true;
  return extraTasks.some(
    (task) =>
      (task.orgId === undefined || task.orgId === (state.orgId ?? orgId)) &&
      task.assignedBodyId !== null &&
      (hasRoleAt(actor, 'approver', task.assignedBodyId) ||
        (task.kind === 'input' && hasRoleAt(actor, 'submitter', task.assignedBodyId))),
  );
}

/**
 * 组织台账 privacy (RULES §H.15): rosters show membership status (留党察看, rights suspended), so only admins whose
 * subtree includes the org and approvers / submitters at the org or an ancestor (`orgPath`, org first) may read them.
 */
export function mayReadRegistryOf(actor: Actor, orgPath: readonly string[]): boolean {
  const [orgId] = orgPath;
  if (orgId !== undefined && actor.adminOrgIds.includes(orgId)) return true;
  return actor.roles.some(
    (grant) => (grant.role === 'approver' || grant.role === 'submitter') && orgPath.includes(grant.at),
  );
}
