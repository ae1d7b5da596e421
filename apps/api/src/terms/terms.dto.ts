import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { orgTypeSchema, termShiftRequestSchema, type TermState } from '../../../../libs/contracts';
import { createObjectDto } from '../common/zod-dto';
import { cursorQuery, limitQuery, nextCursorField } from '../inbox/page.query';

export const TERM_STATES = ['current', 'dueSoon', 'electionOpen', 'overdue', 'closed'] as const satisfies TermState[];
export const termStateSchema = z.enum(TERM_STATES);

const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const termStatesQuerySchema = z.object({
  state: termStateSchema.optional().describe('only organizations in this term state (overdue: the overdue elections)'),
  orgId: z.string().min(1).max(200).optional().describe('the organization and its subtree (default: every org)'),
  shifted: booleanQuery.describe('true: only organizations with an approved early or delayed election date'),
  limit: limitQuery(),
  cursor: cursorQuery('termStates'),
});
export class TermStatesQueryDto extends createZodDto(termStatesQuerySchema) {}

export const orgTermStateSchema = z.object({
  orgId: z.string(),
  name: z.string(),
  type: orgTypeSchema,
  parentId: z.string().nullable(),
  termNo: z.number().int(),
  termStart: z.string().nullable(),
  termEnd: z.string().nullable(),
  shiftedTo: z.string().nullable().describe('approved shifted election date (RULES §B.3), null when due at term end'),
  electionDue: z.string().nullable().describe('shiftedTo ?? termEnd'),
  state: termStateSchema.nullable(),
  stateSource: z
    .enum(['clock', 'computed'])
    .describe('clock: projected by the term clock; computed: from the registry dates today (no clock report yet)'),
  electionCaseId: z.string().nullable(),
  daysOverdue: z.number().int().nullable().describe('days past electionDue when overdue (RULES H-19)'),
});
export const termStatesListSchema = z.object({
  asOf: z.string(),
  items: z.array(orgTermStateSchema),
  nextCursor: nextCursorField.describe(
    'cursor of the next page (pass it as `cursor`), null on the last page; a page filtered by `state` may hold fewer ' +
      'than `limit` items and still have a next page',
  ),
});
export class TermStatesListDto extends createZodDto(termStatesListSchema) {}
export type OrgTermState = z.infer<typeof orgTermStateSchema>;

export const termClockViewSchema = z.object({
  orgId: z.string(),
  termNo: z.number().int(),
  termStart: z.string(),
  termEnd: z.string(),
  shiftedTo: z.string().nullable(),
  electionDue: z.string(),
  state: termStateSchema,
  electionCaseId: z.string().nullable(),
  shifts: z.array(z.object({ caseId: z.string(), from: z.string(), to: z.string(), approvedAt: z.string() })),
});
export const orgTermViewSchema = z.object({
  orgId: z.string(),
  registry: orgTermStateSchema,
  clock: termClockViewSchema.nullable().describe('the live term clock (termClock:<orgId>), null when none runs'),
});
export class OrgTermViewDto extends createZodDto(orgTermViewSchema) {}
export type OrgTermView = z.infer<typeof orgTermViewSchema>;

export class TermShiftRequestDto extends createObjectDto(termShiftRequestSchema) {}
