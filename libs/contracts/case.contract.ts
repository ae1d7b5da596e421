import { z } from 'zod';

export const procedureSchema = z.enum([
  'establishment',
  'termElection',
  'byElection',
  'admission',
  'orgLifePlan',
  'lapse',
  'democraticLife',
  'secretaryReport',
]);
export type Procedure = z.infer<typeof procedureSchema>;

export const caseStatusSchema = z.enum(['active', 'completed', 'rejected', 'withdrawn', 'cancelled']);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** approval: approve / reject / return; input: a submitter or clerk supplies data and submits */
export const taskKindSchema = z.enum(['approval', 'input']);
export type TaskKind = z.infer<typeof taskKindSchema>;

export const outcomeSchema = z.enum(['approve', 'reject', 'return', 'submit']);
export type Outcome = z.infer<typeof outcomeSchema>;

export const taskStatusSchema = z.enum(['open', 'done', 'cancelled']);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const taskSchema = z.object({
  taskId: z.string(),
  caseId: z.string(),
  procedure: procedureSchema,
  orgId: z.string(),
  step: z.string().describe('RULES step code, e.g. C5'),
  kind: taskKindSchema,
  title: z.string().describe('zh-CN'),
  titleEn: z.string(),
  /** body id (org id or party group id) whose approvers may act; null when only named users may act */
  assignedBodyId: z.string().nullable(),
  assigneeUserIds: z.array(z.string()),
  createdAt: z.string(),
  dueAt: z.string().nullable(),
  status: taskStatusSchema,
  outcome: outcomeSchema.nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
  remindedAt: z.string().nullable(),
  escalatedToBodyId: z.string().nullable(),
  escalatedAt: z.string().nullable(),
});
export type Task = z.infer<typeof taskSchema>;

export const timelineEntrySchema = z.object({
  at: z.string(),
  step: z.string(),
  event: z.string().describe('machine code, e.g. task.decided, election.quorum'),
  actorId: z.string().nullable(),
  outcome: z.string().nullable(),
  comment: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const caseStateSchema = z.object({
  caseId: z.string(),
  procedure: procedureSchema,
  orgId: z.string(),
  orgPath: z.array(z.string()).describe('the org and its ancestors, root last'),
  title: z.string(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  status: caseStatusSchema,
  stage: z.string(),
  policyVersion: z.string(),
  pendingTasks: z.array(taskSchema),
  timeline: z.array(timelineEntrySchema),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).describe('procedure-specific state (request, slate, election results)'),
});
export type CaseState = z.infer<typeof caseStateSchema>;

/** A decision as the API sends it into a workflow (actor resolved from the token). */
export const decisionBodySchema = z
  .object({
    outcome: outcomeSchema,
    comment: z.string().max(2000).optional(),
    payload: z.record(z.string(), z.unknown()).optional().describe('step data for input tasks'),
  })
  .meta({ id: 'DecisionBody' });
export type DecisionBody = z.infer<typeof decisionBodySchema>;

export const decisionResultSchema = z.object({
  taskId: z.string(),
  outcome: outcomeSchema,
  caseStatus: caseStatusSchema,
  stage: z.string(),
  nextTaskIds: z.array(z.string()),
});
export type DecisionResult = z.infer<typeof decisionResultSchema>;
