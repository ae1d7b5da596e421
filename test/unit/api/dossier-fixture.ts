import type { Actor, CaseState, TimelineEntry } from '../../../libs/contracts';
import type { DossierAttachment, DossierInput } from '../../../apps/api/src/dossier/dossier.builder';
import { redactAdmissionState } from '../../../apps/api/src/dossier/restricted-access';
import { openTaskFixture } from './task-fixture';

export const DOSSIER_CASE_ID = 'admission:org-fin-budget-br:p-dossier-01';
export const REVIEW_TEXT = '本人及直系亲属政治历史清楚，无违法记录';

let seq = 0;
function entry(at: string, step: string, event: string, fields: Partial<TimelineEntry> = {}): TimelineEntry {
  seq += 1;
  return {
    at: `${at}T0${seq % 10}:00:00.000Z`,
    step,
    event,
    actorId: null,
    outcome: null,
    comment: null,
    detail: null,
    ...fields,
  };
}
const decided = (
  at: string,
  step: string,
  actorId: string,
  outcome: string,
  payload?: Record<string, unknown>,
  comment?: string,
) =>
  entry(at, step, 'task.decided', {
    actorId,
    outcome,
    comment: comment ?? null,
    detail: { taskId: `${DOSSIER_CASE_ID}/${step}/1`, ...(payload ? { payload } : {}) },
  });

/** A development case in probation (steps 1–20 done, 21 waiting), with a transfer and one compliance flag. */
export function dossierState(): CaseState {
  seq = 0;
  const timeline: TimelineEntry[] = [
    entry('2023-01-05', 'E1', 'application.registered', {
      actorId: 'u-sec-fin-budget',
      outcome: 'registered',
      detail: { applicationDate: '2023-01-05', rule: 'RULES §E step 1' },
    }),
    entry('2023-01-05', 'E2', 'task.opened', { detail: { taskId: 'x', assignedBodyId: 'org-fin-budget-br' } }),
    entry('2023-02-20', 'E2', 'task.reminded'),
    decided('2023-02-20', 'E2', 'u-sec-fin-budget', 'submit', { talkerId: 'p-fin-b01' }),
    decided('2023-08-01', 'E3', 'u-sec-fin-budget', 'approve'),
    entry('2023-08-02', 'E4', 'task.opened', { detail: { taskId: 'y', assignedBodyId: 'org-fin-oc' } }),
    decided('2023-08-03', 'E4', 'u-oc-approver', 'approve'),
    decided('2024-08-10', 'E7', 'u-sec-fin-budget', 'approve'),
    decided('2024-08-12', 'E8', 'u-oc-approver', 'approve'),
    decided('2024-08-20', 'E10', 'u-sec-fin-budget', 'submit', { conclusion: 'pass', text: REVIEW_TEXT }, REVIEW_TEXT),
    decided('2024-10-10', 'E15', 'u-sec-fin-budget', 'submit', {
      entitled: 16,
      present: 10,
      forVotes: 8,
      writtenOpinionsFor: 1,
    }),
    entry('2024-10-10', 'E15', 'branchVote.counted', {
      actorId: 'u-sec-fin-budget',
      outcome: 'passed',
      comment: '赞成票9票，超过应到会有表决权正式党员16人的半数',
      detail: { rule: 'RULES §E step 15', requiredPresent: 9, requiredFor: 9, totalFor: 9 },
    }),
    decided('2024-11-01', 'E17-PG', 'u-pg-fin', 'approve'),
    decided('2024-11-20', 'E17', 'u-oc-approver', 'approve'),
    entry('2025-01-15', 'transfer', 'case.transferred', {
      actorId: 'u-oc-approver',
      detail: { toOrgId: 'org-fin-treasury-br' },
    }),
  ];
  return {
    caseId: DOSSIER_CASE_ID,
    procedure: 'admission',
    orgId: 'org-fin-treasury-br',
    orgPath: ['org-fin-treasury-br', 'org-fin-gb', 'org-fin-oc', 'org-wc'],
    title: '发展党员：周明辉',
    submittedBy: 'u-sec-fin-budget',
    submittedAt: '2023-01-05T08:00:00.000Z',
    status: 'active',
    stage: 'E21',
    policyVersion: '2026.1',
    pendingTasks: [
      openTaskFixture({
        taskId: `${DOSSIER_CASE_ID}/E21/30`,
        caseId: DOSSIER_CASE_ID,
        orgId: 'org-fin-treasury-br',
        step: 'E21',
        title: '预备党员考察',
        titleEn: 'assessment',
        createdAt: '2025-04-10T00:00:00.000Z',
      }),
    ],
    timeline,
    closedAt: null,
    closeReason: null,
    data: {
      personId: 'p-dossier-01',
      dates: {
        application: '2023-01-05',
        talk: '2023-02-20',
        activist: '2023-08-01',
        candidate: '2024-08-12',
        admissionVote: '2024-10-10',
        approval: '2024-11-20',
        probationEnd: '2025-10-10',
      },
      admissionVote: {
        entitled: 16,
        present: 10,
        forVotes: 8,
        writtenOpinionsFor: 1,
        passed: true,
        requiredFor: 9,
        requiredPresent: 9,
        totalFor: 9,
      },
      flags: ['talkOverdue'],
      compliance: {},
      transfers: [
        {
          fromOrgId: 'org-fin-budget-br',
          toOrgId: 'org-fin-treasury-br',
          fromUpperCommitteeId: 'org-fin-oc',
          toUpperCommitteeId: 'org-fin-oc',
          effectiveDate: '2025-01-15',
          phase: 'probationary',
          postponeMonths: 3,
          reason: '工作调动',
          documentNo: '财机党〔2025〕3号',
        },
      ],
    },
  };
}

export const dossierNames = {
  users: { 'u-sec-fin-budget': '预算处党支部书记', 'u-oc-approver': '财政厅机关党委', 'u-pg-fin': '财政厅党组' },
  people: { 'p-dossier-01': '周明辉' },
  orgs: { 'org-fin-budget-br': '预算处党支部', 'org-fin-treasury-br': '国库处党支部' },
};

export function dossierAttachments(): DossierAttachment[] {
  const base = {
    contentType: 'application/pdf',
    sizeBytes: 1234,
    sha256: 'f'.repeat(64),
    uploadedAt: '2024-10-11T00:00:00.000Z',
  };
  return [
    { ...base, id: 'att-1', step: 'E15', fileName: '支部大会会议记录.pdf', uploadedBy: 'u-sec-fin-budget' },
    { ...base, id: 'att-2', step: 'E10', fileName: '政审结论.pdf', uploadedBy: 'u-oc-approver' },
    { ...base, id: 'att-3', step: 'E17', fileName: '批复.pdf', uploadedBy: 'u-oc-approver' },
  ];
}

/** A reader of the fixture case: the upper committee's approver is cleared (RULES H-15), the branch secretary is not. */
export function dossierReader(cleared: boolean): Actor {
  const roles: Actor['roles'] = cleared
    ? [{ role: 'approver', at: 'org-fin-oc' }]
    : [{ role: 'submitter', at: 'org-fin-treasury-br' }];
  return { userId: cleared ? 'u-oc-approver' : 'u-sec-fin-treasury', displayName: 'reader', roles, adminOrgIds: [] };
}

/** The builder's input as the dossier service makes it: everything passed through redactAdmissionState. */
export function dossierInput(
  cleared: boolean,
  over: { state?: CaseState; audit?: TimelineEntry[]; attachments?: DossierAttachment[] } = {},
): DossierInput {
  const shown = redactAdmissionState(dossierReader(cleared), over.state ?? dossierState(), {
    audit: over.audit ?? [],
    attachments: over.attachments ?? dossierAttachments(),
  });
  return {
    state: shown.state,
    audit: shown.audit,
    attachments: shown.attachments,
    withheldAttachments: shown.withheldAttachments,
    names: dossierNames,
    person: { id: 'p-dossier-01', name: '周明辉', birthDate: '1995-03-31' },
    mayReadRestricted: shown.cleared,
    generatedAt: '2025-05-01T00:00:00.000Z',
  };
}
