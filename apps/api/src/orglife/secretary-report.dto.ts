import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { createObjectDto } from '../common/zod-dto';

export const startSecretaryReportSchema = z.object({
  report: z.string().trim().min(1).max(20_000).describe('the written report (述职报告)'),
  reportedOn: z.iso
    .date()
    .optional()
    .describe('the day of the report, in the year or the next, not future; default today'),
});
export class StartSecretaryReportDto extends createObjectDto(startSecretaryReportSchema) {}
export type StartSecretaryReportBody = z.infer<typeof startSecretaryReportSchema>;

const gradeSchema = z.object({ id: z.string(), zh: z.string(), en: z.string() });

export const startSecretaryReportResultSchema = z.object({
  caseId: z.string().describe('secretaryReport:<orgId>:<year>; the upper organization appraises task R1 in its inbox'),
  orgId: z.string(),
  year: z.number().int(),
  status: z.literal('active'),
  stage: z.string(),
  secretaryPersonId: z.string(),
  reportedOn: z.string(),
  upperBodyId: z.string(),
  grades: z
    .array(gradeSchema)
    .describe('the appraisal grades of the policy, best first (policy orgLife.secretaryReportGrades)'),
});
export class StartSecretaryReportResultDto extends createZodDto(startSecretaryReportResultSchema) {}

export const secretaryReportCasesSchema = z.object({
  orgId: z.string(),
  year: z.number().int(),
  grades: z.array(gradeSchema),
  items: z.array(
    z.object({
      caseId: z.string(),
      status: z.string(),
      stage: z.string(),
      reportedOn: z.string().nullable(),
      grade: z.string().nullable(),
      gradeName: z.string().nullable(),
      gradeNameEn: z.string().nullable(),
      appraisedOn: z.string().nullable(),
      rectifyBy: z.string().nullable().describe('set when the grade calls for rectification'),
    }),
  ),
});
export class SecretaryReportCasesDto extends createZodDto(secretaryReportCasesSchema) {}
