import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { isStorableText } from '../../../../libs/contracts';
import { createObjectDto } from '../common/zod-dto';

export const auditVerifyQuerySchema = z.object({
  caseId: z
    .string()
    .min(1)
    .max(200)
    .refine(isStorableText, {
      message: 'caseId contains a character that cannot be stored (NUL or unpaired surrogate)',
    })
    .optional()
    .describe('one case; all cases of the administered subtrees when absent'),
});
export class AuditVerifyQueryDto extends createZodDto(auditVerifyQuerySchema) {}

const brokenLinkSchema = z
  .object({
    reason: z.enum(['unchained', 'sequence', 'previous-hash', 'hash', 'head']),
    id: z.number().int().nullable().describe('audit row id; null when only the chain head is wrong'),
    seq: z.number().int().nullable(),
    dedupeKey: z.string().nullable(),
    expected: z.union([z.string(), z.number()]).nullable(),
    found: z.union([z.string(), z.number()]).nullable(),
  })
  .meta({ id: 'AuditBrokenLink' });

export const auditChainReportSchema = z
  .object({
    caseId: z.string(),
    rows: z.number().int(),
    ok: z.boolean(),
    firstBroken: brokenLinkSchema.nullable(),
    message: z.string().describe('one line naming the first broken link'),
  })
  .meta({ id: 'AuditChainReport' });

export const auditVerifyResultSchema = z.object({
  ok: z.boolean(),
  casesChecked: z.number().int(),
  rowsChecked: z.number().int(),
  broken: z.array(auditChainReportSchema).describe('every broken case with its first broken link'),
});
export class AuditVerifyResultDto extends createZodDto(auditVerifyResultSchema) {}

// ── working-day calendar (issue 10, RULES §0.2 工作日): the administrator's overrides of the holiday library ──

const dayKindSchema = z
  .enum(['workday', 'weekend', 'holiday', 'makeUpWorkday'])
  .nullable()
  .describe('what the holiday library (chinese-days) says of the day; null for a year it does not know');

export const workingDayDateParamSchema = z.iso.date().describe('YYYY-MM-DD');

export const workingDayOverrideBodySchema = z
  .object({
    working: z.boolean().describe('true: a working day (调休上班, or a library holiday corrected); false: a day off'),
    note: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine(isStorableText, {
        message: 'note contains a character that cannot be stored (NUL or unpaired surrogate)',
      })
      .optional()
      .describe('e.g. 国庆节 / 调休上班, and the State Council notice it follows'),
  })
  .strict();
export class WorkingDayOverrideBodyDto extends createZodDto(workingDayOverrideBodySchema) {}

export const workingDaysQuerySchema = z
  .object({
    year: z.coerce.number().int().min(2000).max(2999).optional().describe('only the entries of this year'),
  })
  .strict();
export class WorkingDaysQueryDto extends createZodDto(workingDaysQuerySchema) {}

export const workingDayOverrideSchema = z
  .object({
    date: z.string().describe('YYYY-MM-DD'),
    working: z.boolean(),
    note: z.string().nullable(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string(),
    library: dayKindSchema,
  })
  .meta({ id: 'WorkingDayOverride' });
export class WorkingDayOverrideDto extends createObjectDto(workingDayOverrideSchema) {}

export const workingDaysListSchema = z.object({
  libraryYears: z.array(z.number().int()).describe('years whose holidays and make-up workdays the library knows'),
  knownYears: z
    .array(z.number().int())
    .describe('years the calendar in force knows: the library years and every year with an override'),
  overrides: z.array(workingDayOverrideSchema),
});
export class WorkingDaysListDto extends createZodDto(workingDaysListSchema) {}
