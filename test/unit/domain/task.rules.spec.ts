import {
  checkAdminCancel,
  checkDecision,
  checkWithdraw,
  getPolicy,
  taskSchedule,
  type ActorRef,
  type TaskRef,
} from '../../../libs/domain';

const approvalTask: TaskRef = {
  taskId: 't1',
  kind: 'approval',
  status: 'open',
  assignedBodyId: 'pg-1',
  assigneeUserIds: [],
};
const inputTask: TaskRef = {
  taskId: 't2',
  kind: 'input',
  status: 'open',
  assignedBodyId: 'org-7',
  assigneeUserIds: ['clerk'],
};
const approver: ActorRef = { userId: 'u-appr', roles: [{ role: 'approver', at: 'pg-1' }], adminOrgIds: [] };
const otherApprover: ActorRef = { userId: 'u-other', roles: [{ role: 'approver', at: 'org-7' }], adminOrgIds: [] };
const submitter: ActorRef = { userId: 'u-sub', roles: [{ role: 'submitter', at: 'org-7' }], adminOrgIds: [] };
const clerk: ActorRef = { userId: 'clerk', roles: [], adminOrgIds: [] };
const admin: ActorRef = { userId: 'u-admin', roles: [{ role: 'admin', at: 'org-1' }], adminOrgIds: ['org-1', 'org-7'] };

describe('checkDecision (approval kernel)', () => {
  it.each<
    [
      string,
      TaskRef | undefined,
      ActorRef,
      'approve' | 'reject' | 'return' | 'submit',
      string | undefined,
      string | null,
      string | null,
    ]
  >([
    ['missing task', undefined, approver, 'approve', undefined, 'TASK_NOT_FOUND', 'notFound'],
    [
      'decided task',
      { ...approvalTask, status: 'done' },
      approver,
      'approve',
      undefined,
      'TASK_ALREADY_DECIDED',
      'conflict',
    ],
    [
      'cancelled task',
      { ...approvalTask, status: 'cancelled' },
      approver,
      'approve',
      undefined,
      'TASK_ALREADY_DECIDED',
      'conflict',
    ],
    ['approver of another body', approvalTask, otherApprover, 'approve', undefined, 'NOT_ASSIGNED', 'forbidden'],
    [
      'submitter on an approval task',
      approvalTask,
      { ...submitter, roles: [{ role: 'submitter', at: 'pg-1' }] },
      'approve',
      undefined,
      'NOT_ASSIGNED',
      'forbidden',
    ],
    ['approver on an input task', inputTask, otherApprover, 'submit', undefined, 'NOT_ASSIGNED', 'forbidden'],
    ['approve an input task', inputTask, submitter, 'approve', undefined, 'OUTCOME_NOT_ALLOWED', 'invalid'],
    ['submit an approval task', approvalTask, approver, 'submit', undefined, 'OUTCOME_NOT_ALLOWED', 'invalid'],
    ['reject without comment', approvalTask, approver, 'reject', undefined, 'COMMENT_REQUIRED', 'invalid'],
    ['return with blank comment', approvalTask, approver, 'return', '   ', 'COMMENT_REQUIRED', 'invalid'],
    ['approve', approvalTask, approver, 'approve', undefined, null, null],
    ['reject with reasons', approvalTask, approver, 'reject', '人数不足', null, null],
    [
      'named assignee approves',
      { ...approvalTask, assignedBodyId: null, assigneeUserIds: ['u-x'] },
      { userId: 'u-x', roles: [], adminOrgIds: [] },
      'approve',
      undefined,
      null,
      null,
    ],
    [
      'no body and not named',
      { ...approvalTask, assignedBodyId: null },
      approver,
      'approve',
      undefined,
      'NOT_ASSIGNED',
      'forbidden',
    ],
    ['submitter role submits input', inputTask, submitter, 'submit', undefined, null, null],
    ['named clerk submits input', inputTask, clerk, 'submit', undefined, null, null],
  ])('%s → %s', (_label, task, actor, outcome, comment, code, kind) => {
    const v = checkDecision(task, actor, outcome, comment);
    expect(v?.code ?? null).toBe(code);
    expect(v?.kind ?? null).toBe(kind);
    if (v) expect(v.messageEn.length).toBeGreaterThan(0);
  });
});

describe('withdraw and admin cancel', () => {
  const path = ['org-9', 'org-7', 'org-1'];
  it.each([
    ['active', 'u-sub', submitter, null],
    ['completed', 'u-sub', submitter, 'CASE_NOT_ACTIVE'],
    ['active', 'u-sub', approver, 'NOT_SUBMITTER'],
  ])('withdraw a %s case submitted by %s', (status, by, actor, code) => {
    expect(checkWithdraw(status, by, path, actor)?.code ?? null).toBe(code);
  });

  it('lets the submitter withdraw only while a role held today sits on the case path (rights follow the present)', () => {
    // a role at an ancestor of the case's organization, or an admin grant over the path, counts
    expect(checkWithdraw('active', 'u-sub', ['org-9', 'org-7'], submitter)).toBeNull();
    const adminSubmitter: ActorRef = { userId: 'u-sub', roles: [], adminOrgIds: ['org-9'] };
    expect(checkWithdraw('active', 'u-sub', ['org-9', 'org-8'], adminSubmitter)).toBeNull();
    // the secretary who left the branch (no roles today), or whose case moved to another branch (transfer)
    const left: ActorRef = { userId: 'u-sub', roles: [], adminOrgIds: [] };
    const refused = checkWithdraw('active', 'u-sub', ['org-9', 'org-7'], left);
    expect(refused).toMatchObject({ code: 'ROLE_NOT_HELD', kind: 'forbidden', numbers: { orgId: 'org-9' } });
    expect(refused!.messageEn).toMatch(/no longer holds a role/);
    expect(checkWithdraw('active', 'u-sub', ['org-3', 'org-1'], submitter)?.code).toBe('ROLE_NOT_HELD');
    // a closed case answers CASE_NOT_ACTIVE first, someone else NOT_SUBMITTER
    expect(checkWithdraw('withdrawn', 'u-sub', ['org-3'], left)?.code).toBe('CASE_NOT_ACTIVE');
    expect(checkWithdraw('active', 'u-sub', ['org-3'], approver)?.code).toBe('NOT_SUBMITTER');
  });

  it.each([
    ['active', ['org-9', 'org-7', 'org-1'], admin, '重复提交', null],
    ['active', ['org-9', 'org-8'], admin, '重复提交', 'NOT_ADMIN'],
    ['active', ['org-7'], approver, '重复提交', 'NOT_ADMIN'],
    ['active', ['org-7'], admin, ' ', 'REASON_REQUIRED'],
    ['withdrawn', ['org-7'], admin, '重复提交', 'CASE_NOT_ACTIVE'],
  ])('cancel a %s case on path %j', (status, path, actor, reason, code) => {
    const v = checkAdminCancel(status, path, actor, reason);
    expect(v?.code ?? null).toBe(code);
  });
});

describe('kernel schedule', () => {
  const policy = getPolicy();
  it('reminds 7 days before due and escalates at due, then every 7 days, 3 times', () => {
    expect(taskSchedule('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', policy)).toEqual({
      remindAt: '2026-01-25T00:00:00.000Z',
      escalateAt: ['2026-02-01T00:00:00.000Z', '2026-02-08T00:00:00.000Z', '2026-02-15T00:00:00.000Z'],
    });
  });
  it('skips a reminder that would fall before the task was created', () => {
    expect(taskSchedule('2026-01-28T00:00:00Z', '2026-02-01T00:00:00Z', policy).remindAt).toBeNull();
  });
});
