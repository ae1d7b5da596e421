import type { Task } from '../../../libs/contracts';
import { departments, memberships, organizations, partyGroups, people, roleGrants, users } from '../../../libs/db';
import type { Db } from '../../../libs/db';
import { startSmtpSink } from '../../../apps/worker/src/smtp-sink';
import type { ReceivedMail, SmtpSink } from '../../../apps/worker/src/smtp-sink';

/**
 * A small registry: 机关工委 org-wc ← 机关党委 org-oc ← 党支部 org-b1; department dep-1 (party group pg-1) has the
 * organ committee org-oc, department dep-2 (party group pg-2) has none.
 * Users: u-appr-oc (approver at org-oc), u-appr-wc (approver at org-wc), u-appr-pg (approver at pg-1),
 * u-sub-b1 (submitter at org-b1), u-admin-oc (admin at org-oc), u-admin-wc (admin at org-wc), u-named (no role).
 */
export async function seedRegistry(db: Db): Promise<void> {
  await db.insert(departments).values([
    { id: 'dep-1', name: '某某局' },
    { id: 'dep-2', name: '某某办' },
  ]);
  await db.insert(partyGroups).values([
    { id: 'pg-1', departmentId: 'dep-1', name: '某某局党组' },
    { id: 'pg-2', departmentId: 'dep-2', name: '某某办党组' },
  ]);
  await db.insert(organizations).values([
    { id: 'org-wc', name: '市直机关工委', type: 'organsWorkCommittee', parentId: null, status: 'active' },
    {
      id: 'org-oc',
      name: '某某局机关党委',
      type: 'organCommittee',
      parentId: 'org-wc',
      departmentId: 'dep-1',
      status: 'active',
    },
    { id: 'org-b1', name: '第一党支部', type: 'branch', parentId: 'org-oc', departmentId: 'dep-1', status: 'active' },
  ]);
  await db.insert(people).values([
    { id: 'p-1', name: '张三' },
    { id: 'p-2', name: '李四' },
    { id: 'p-3', name: '王五' },
    { id: 'p-4', name: '赵六' },
  ]);
  await db.insert(users).values([
    { id: 'u-appr-oc', displayName: '机关党委审批人', email: 'appr-oc@example.test' },
    { id: 'u-appr-wc', displayName: '工委审批人', email: 'appr-wc@example.test' },
    { id: 'u-appr-pg', displayName: '党组审批人', email: 'appr-pg@example.test' },
    { id: 'u-sub-b1', displayName: '支部填报人', email: 'sub-b1@example.test' },
    { id: 'u-admin-oc', displayName: '机关党委管理员', email: 'admin-oc@example.test' },
    { id: 'u-admin-wc', displayName: '工委管理员', email: 'admin-wc@example.test' },
    { id: 'u-named', displayName: '指定人员', email: 'named@example.test' },
  ]);
  await db.insert(roleGrants).values([
    { userId: 'u-appr-oc', role: 'approver', at: 'org-oc' },
    { userId: 'u-appr-wc', role: 'approver', at: 'org-wc' },
    { userId: 'u-appr-pg', role: 'approver', at: 'pg-1' },
    { userId: 'u-sub-b1', role: 'submitter', at: 'org-b1' },
    { userId: 'u-admin-oc', role: 'admin', at: 'org-oc' },
    { userId: 'u-admin-wc', role: 'admin', at: 'org-wc' },
  ]);
  await db.insert(memberships).values([
    { personId: 'p-1', orgId: 'org-b1', status: 'probationary', since: '2023-01-10', until: '2024-01-10' },
    { personId: 'p-1', orgId: 'org-b1', status: 'full', since: '2024-01-10' },
    { personId: 'p-2', orgId: 'org-b1', status: 'full', since: '2020-05-01' },
    { personId: 'p-3', orgId: 'org-b1', status: 'full', since: '2021-03-01', until: '2025-06-01' },
    { personId: 'p-3', orgId: 'org-b1', status: 'partyProbation', since: '2025-06-01' },
  ]);
}

export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    taskId: 'task-1',
    caseId: 'case-1',
    procedure: 'establishment',
    orgId: 'org-b1',
    step: 'C5',
    kind: 'approval',
    title: '审批成立请示',
    titleEn: 'Approve the establishment request',
    assignedBodyId: 'org-oc',
    assigneeUserIds: [],
    createdAt: '2026-01-05T08:00:00.000Z',
    dueAt: '2026-02-05T08:00:00.000Z',
    status: 'open',
    outcome: null,
    decidedBy: null,
    decidedAt: null,
    comment: null,
    remindedAt: null,
    escalatedToBodyId: null,
    escalatedAt: null,
    ...overrides,
  };
}

/** A real SMTP server on a free port collecting every message it receives. */
export async function startCollectingSink(): Promise<SmtpSink & { mails: ReceivedMail[]; url: string }> {
  const mails: ReceivedMail[] = [];
  const sink = await startSmtpSink({ port: 0, onMail: (m) => void mails.push(m) });
  return { ...sink, mails, url: `smtp://127.0.0.1:${sink.port}` };
}
