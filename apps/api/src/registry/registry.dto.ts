import { createZodDto } from 'nestjs-zod';
import { createObjectDto } from '../common/zod-dto';
import { z } from 'zod';
import { memberSchema, organizationSchema } from '../../../../libs/contracts';

export const orgViewSchema = organizationSchema
  .extend({ policyVersion: z.string().nullable() })
  .meta({ id: 'Organization' });
export class OrgViewDto extends createObjectDto(orgViewSchema) {}

export const orgTreeSchema = z.array(
  orgViewSchema.extend({ children: z.array(z.unknown()).describe('nested OrgTreeNode items') }),
);
export class OrgTreeDto extends createZodDto(orgTreeSchema) {}

export const rosterQuerySchema = z.object({
  asOf: z.iso.date().optional().describe('YYYY-MM-DD; default today'),
});
export class RosterQueryDto extends createZodDto(rosterQuerySchema) {}

export const rosterSchema = z.object({ orgId: z.string(), asOf: z.string(), members: z.array(memberSchema) });
export class RosterDto extends createZodDto(rosterSchema) {}

export const personSchema = z.object({
  id: z.string(),
  name: z.string(),
  birthDate: z.string().nullable(),
  unitOrgId: z
    .string()
    .nullable()
    .describe('所在单位党组织: the basic organization serving the work unit (RULES §E step 1)'),
  email: z.string().nullable(),
  membership: memberSchema.nullable().describe('party membership valid today; null for non-members'),
});
export class PersonDto extends createZodDto(personSchema) {}

export const duesBodySchema = z.object({
  unpaidSince: z
    .string()
    .regex(/^\d{4}-\d{2}$/, 'YYYY-MM')
    .nullable()
    .describe('the first month the member has not paid (YYYY-MM, not after this month); null: paid up'),
  note: z.string().trim().max(500).nullable().optional(),
});
export class DuesBodyDto extends createObjectDto(duesBodySchema) {}
export type DuesBody = z.infer<typeof duesBodySchema>;

export const duesViewSchema = z.object({
  personId: z.string(),
  unpaidSince: z.string().nullable().describe('YYYY-MM, null when paid up'),
  unpaidMonths: z.number().int().describe('months ended unpaid by asOf (党章 Art. 9: warned at 3, flagged at 6)'),
  asOf: z.string(),
  history: z.array(
    z.object({
      sinceMonth: z.string(),
      note: z.string().nullable(),
      recordedBy: z.string(),
      recordedAt: z.string(),
      settledOn: z.string().nullable(),
      settledBy: z.string().nullable(),
    }),
  ),
});
export class DuesViewDto extends createZodDto(duesViewSchema) {}
export type DuesView = z.infer<typeof duesViewSchema>;
