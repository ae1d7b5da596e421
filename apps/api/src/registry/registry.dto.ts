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
