import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { isStorableText } from '../../../../libs/contracts';

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
