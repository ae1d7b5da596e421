import type { Task } from '../../../libs/contracts';

/**
 * An open task as a case state lists it (an admission task by default): the test names the case, the step and the
 * organization, and whatever else it is about; the rest is undecided and unassigned to people.
 */
export function openTaskFixture(task: Pick<Task, 'caseId' | 'step' | 'orgId'> & Partial<Task>): Task {
  return {
    taskId: `${task.caseId}:${task.step}`,
    procedure: 'admission',
    kind: 'input',
    title: task.step,
    titleEn: task.step,
    assignedBodyId: task.orgId,
    assigneeUserIds: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    dueAt: null,
    status: 'open',
    outcome: null,
    decidedBy: null,
    decidedAt: null,
    comment: null,
    remindedAt: null,
    escalatedToBodyId: null,
    escalatedAt: null,
    ...task,
  };
}
