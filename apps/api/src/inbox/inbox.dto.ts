import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { procedureSchema, taskSchema, taskStatusSchema } from '../../../../libs/contracts';
import { cursorQuery, limitQuery, nextCursorField } from './page.query';

export const inboxQuerySchema = z.object({
  status: z.union([taskStatusSchema, z.literal('all')]).default('open'),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('only open tasks past their due date'),
  procedure: procedureSchema.optional().describe('only tasks of this procedure'),
  orgId: z.string().min(1).max(200).optional().describe('only tasks of this organization or below it'),
  caseId: z.string().min(1).max(200).optional().describe('only tasks of this case'),
  decidedByMe: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only tasks the caller decided (已办)'),
  limit: limitQuery(100),
  cursor: cursorQuery('inbox'),
});
export class InboxQueryDto extends createZodDto(inboxQuerySchema) {}

export const inboxTaskSchema = taskSchema
  .extend({ orgPath: z.array(z.string()), caseTitle: z.string() })
  .meta({ id: 'InboxTask' });

export const taskViewSchema = z.object({
  ...inboxTaskSchema.shape,
  mayAct: z.boolean().describe('whether the caller may decide this task now (named, or the role at its body)'),
});
export class TaskViewDto extends createZodDto(taskViewSchema) {}

export const inboxSchema = z.object({
  items: z.array(inboxTaskSchema),
  counts: z.object({ open: z.number().int(), dueSoon: z.number().int(), overdue: z.number().int() }),
  nextCursor: nextCursorField,
});
export class InboxDto extends createZodDto(inboxSchema) {}

export const bodyTasksQuerySchema = z.object({
  status: z.union([taskStatusSchema, z.literal('all')]).default('open'),
  limit: limitQuery(100),
  cursor: cursorQuery('body'),
});
export class BodyTasksQueryDto extends createZodDto(bodyTasksQuerySchema) {}

export const bodyTasksSchema = z.object({
  bodyId: z.string(),
  items: z.array(inboxTaskSchema),
  nextCursor: nextCursorField,
});
export class BodyTasksDto extends createZodDto(bodyTasksSchema) {}
