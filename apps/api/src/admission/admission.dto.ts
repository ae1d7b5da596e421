import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { admissionContactChangeSchema, admissionTransferSchema, caseStatusSchema } from '../../../../libs/contracts';
import { listCasesQuerySchema } from '../cases/cases.dto';
import { createObjectDto } from '../common/zod-dto';

/** 递交入党申请书 (RULES §E step 1): the branch registers a written application of a person of the registry. */
export const startAdmissionSchema = z
  .object({
    orgId: z.string().min(1).max(200).describe('the branch (党支部) receiving the application'),
    personId: z.string().min(1).max(200).describe('the applicant, a person of the registry'),
    applicationDate: z
      .string()
      .date()
      .describe('YYYY-MM-DD the written application was received (age is checked on it)'),
    note: z.string().max(2000).optional().describe('free text kept with the case (workflow memo)'),
  })
  .strict();
export class StartAdmissionDto extends createZodDto(startAdmissionSchema) {}

export const startAdmissionResultSchema = z.object({
  caseId: z.string().describe('admission:<orgId>:<personId>'),
  orgId: z.string(),
  personId: z.string(),
  status: caseStatusSchema,
  policyVersion: z.string().describe("the organization's policy version the case runs with"),
  upperCommitteeId: z.string().describe('upper committee with approval authority (RULES §A.3)'),
  partyGroupBodyId: z.string().nullable().describe('department party group deciding first (RULES §A.3)'),
});
export class StartAdmissionResultDto extends createZodDto(startAdmissionResultSchema) {}

export class AdmissionTransferDto extends createObjectDto(admissionTransferSchema) {}

export const admissionTransferResultSchema = z.object({
  caseId: z.string(),
  orgId: z.string().describe('the receiving branch'),
  stage: z.string(),
  discussionFrom: z.string().nullable().describe('date the full-membership discussion is due after any postponement'),
});
export class AdmissionTransferResultDto extends createZodDto(admissionTransferResultSchema) {}

export class AdmissionContactChangeDto extends createObjectDto(admissionContactChangeSchema) {}

export const admissionContactChangeResultSchema = z.object({
  fromContactIds: z.array(z.string()),
  toContactIds: z.array(z.string()),
  effectiveDate: z.string().describe('YYYY-MM-DD the new contacts took over'),
  reason: z.string(),
  actorId: z.string(),
  stage: z.string().describe('the case step when they changed (E6 or E7)'),
});
export class AdmissionContactChangeResultDto extends createZodDto(admissionContactChangeResultSchema) {}

/** The generic case list (procedure fixed to admission). */
export const listAdmissionCasesQuerySchema = listCasesQuerySchema.omit({ procedure: true });
export class ListAdmissionCasesQueryDto extends createZodDto(listAdmissionCasesQuerySchema) {}
