import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { outcomeSchema, procedureSchema, taskKindSchema } from '../../../../libs/contracts';

export const taskFormSchema = z.object({
  taskId: z.string(),
  caseId: z.string(),
  procedure: procedureSchema,
  step: z.string(),
  kind: taskKindSchema,
  outcomes: z.array(outcomeSchema).describe('the outcomes this task takes'),
  commentRequiredFor: z.array(outcomeSchema).describe('outcomes refused without a comment (RULES §C.1)'),
  payloadSchema: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('JSON Schema of the step payload (fields with title/titleEn/widget); null: no payload'),
  people: z
    .array(z.object({ personId: z.string(), name: z.string() }))
    .describe('people the person fields pick from: the roster the case is about (names only)'),
});
export class TaskFormDto extends createZodDto(taskFormSchema) {}
