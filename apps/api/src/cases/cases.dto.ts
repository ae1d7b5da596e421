import { createZodDto } from 'nestjs-zod';
import { createObjectDto } from '../common/zod-dto';
import { z } from 'zod';
import { MAX_CASE_LIST_OFFSET, cursorQuery, limitQuery, nextCursorField } from '../inbox/page.query';
import {
  caseStateSchema,
  caseStatusSchema,
  closeRoundSchema,
  decisionBodySchema,
  decisionResultSchema,
  establishmentRequestSchema,
  openMeetingSchema,
  procedureSchema,
  submitBallotsSchema,
} from '../../../../libs/contracts';

export class EstablishmentRequestDto extends createObjectDto(establishmentRequestSchema) {}
export class DecisionBodyDto extends createObjectDto(decisionBodySchema) {}
export class OpenMeetingDto extends createObjectDto(openMeetingSchema) {}
export class SubmitBallotsDto extends createObjectDto(submitBallotsSchema) {}

/** The path names the round; a `roundId` in the body is optional and must match it (older clients send it). */
export const closeRoundBodySchema = z.object({
  roundId: closeRoundSchema.shape.roundId.optional().describe('optional; must equal the roundId of the path'),
  ballotsIssued: closeRoundSchema.shape.ballotsIssued.describe('ballots handed out in this round (发出选票数)'),
});
export class CloseRoundDto extends createZodDto(closeRoundBodySchema) {}
/** 减少名额 (RULES §D.5): the path names the separate-vote round the reduction replaces. */
export const reduceSeatsBodySchema = z.object({ consentVotes: z.number().int().min(0) });
export class ReduceSeatsDto extends createZodDto(reduceSeatsBodySchema) {}

export const cancelCaseSchema = z.object({
  reason: z.string().min(1).max(2000).describe('why the administrator cancels the case'),
});
export class CancelCaseDto extends createZodDto(cancelCaseSchema) {}

export const startCaseResultSchema = z.object({ caseId: z.string(), orgId: z.string(), status: caseStatusSchema });
export class StartCaseResultDto extends createZodDto(startCaseResultSchema) {}

export const caseViewSchema = caseStateSchema.extend({
  webUiUrl: z.string().describe('Temporal Web UI page of the workflow'),
  asOf: z.string().describe('the instant the view describes: now for a live read, the record time otherwise'),
  source: z
    .enum(['workflow', 'record'])
    .describe('workflow: read from the running case; record: from its SQL record (closed, or not answering)'),
});
export class CaseViewDto extends createZodDto(caseViewSchema) {}

export class DecisionResultDto extends createZodDto(decisionResultSchema) {}

export const caseCommandResultSchema = z.object({ caseId: z.string(), status: caseStatusSchema });
export class CaseCommandResultDto extends createZodDto(caseCommandResultSchema) {}

const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const listCasesQuerySchema = z.object({
  procedure: procedureSchema.optional(),
  orgId: z.string().min(1).optional(),
  status: caseStatusSchema.optional(),
  stage: z.string().min(1).optional(),
  overdue: booleanQuery,
  flag: z
    .string()
    .regex(/^[A-Za-z][\w.-]{0,63}$/, 'a compliance flag code such as talkOverdue')
    .optional()
    .describe('cases carrying this compliance flag (e.g. talkOverdue)'),
  personId: z.string().min(1).max(200).optional().describe('cases about this person (member development)'),
  mine: booleanQuery.describe('true: only cases the caller submitted (我发起的)'),
  limit: limitQuery(50),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_CASE_LIST_OFFSET)
    .default(0)
    .describe(`rows to skip, at most ${MAX_CASE_LIST_OFFSET}; further pages by cursor`),
  cursor: cursorQuery('cases'),
});
export class ListCasesQueryDto extends createZodDto(listCasesQuerySchema) {}

const visibilityId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only');

/** Structured filters only: the API builds the visibility query itself, always limited to the admin's subtrees. */
export const visibilityQuerySchema = z
  .object({
    procedure: procedureSchema.optional(),
    status: caseStatusSchema.optional().describe('case status (CaseStatus search attribute)'),
    stage: z
      .string()
      .regex(/^[A-Z][\w.-]{0,31}$/, 'a RULES step code such as C5')
      .optional()
      .describe('RULES step code, e.g. C5'),
    orgId: visibilityId.optional().describe('cases of this org or inside its subtree'),
    pendingBodyId: visibilityId.optional().describe('cases with an open task at this body'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
export class VisibilityQueryDto extends createZodDto(visibilityQuerySchema) {}

export const caseSummarySchema = z
  .object({
    caseId: z.string(),
    procedure: procedureSchema,
    orgId: z.string(),
    orgPath: z.array(z.string()),
    title: z.string(),
    status: caseStatusSchema,
    stage: z.string(),
    submittedBy: z.string(),
    submittedAt: z.string(),
    pendingBodyIds: z.array(z.string()),
    dueAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    flags: z.array(z.string()).describe('compliance flags raised by the workflow (e.g. talkOverdue)'),
    personId: z.string().nullable().describe('the person the case is about (member development), else null'),
  })
  .meta({ id: 'CaseSummary' });

export const caseListSchema = z.object({
  items: z.array(caseSummarySchema),
  total: z.number().int().describe('matching cases, counted up to 10,000 (then 10,001 and totalCapped)'),
  totalCapped: z.boolean().describe('true when there are more than 10,000 matching cases (total is then 10,001)'),
  limit: z.number().int(),
  offset: z.number().int(),
  nextCursor: nextCursorField,
});
export class CaseListDto extends createZodDto(caseListSchema) {}

/** Temporal's execution statuses in the API's lower camel case: one spelling per value across the API. */
export const EXECUTION_STATUSES = [
  'running',
  'completed',
  'failed',
  'cancelled',
  'terminated',
  'continuedAsNew',
  'timedOut',
  'paused',
  'unknown',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const visibilityListSchema = z.object({
  query: z.string(),
  items: z.array(
    z.object({
      caseId: z.string(),
      workflowType: z.string(),
      status: caseStatusSchema
        .nullable()
        .describe('case status, spelled as in GET /api/cases and the status filter (CaseStatus search attribute)'),
      executionStatus: z
        .enum(EXECUTION_STATUSES)
        .describe("Temporal's execution status of the run (RUNNING → running), not the case status"),
      startTime: z.string(),
      closeTime: z.string().nullable(),
      procedure: z.string().nullable(),
      orgId: z.string().nullable(),
      stage: z.string().nullable(),
    }),
  ),
});
export class VisibilityListDto extends createZodDto(visibilityListSchema) {}
