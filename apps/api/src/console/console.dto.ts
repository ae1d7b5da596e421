import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { procedureSchema, roleGrantSchema } from '../../../../libs/contracts';

export const meSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  roles: z.array(roleGrantSchema),
  adminOrgIds: z.array(z.string()).describe('every organization inside the subtrees the user administers'),
});
export class MeDto extends createZodDto(meSchema) {}

export const consoleConfigSchema = z.object({
  authMode: z.enum(['dev', 'production']),
  oidc: z
    .object({ issuer: z.string(), clientId: z.string(), scope: z.string() })
    .nullable()
    .describe('the OpenID Connect client of the console (authorization code with PKCE); null in dev mode'),
  temporalUiUrl: z.string().describe('base of the Temporal Web UI'),
});
export class ConsoleConfigDto extends createZodDto(consoleConfigSchema) {}

export const departmentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    partyGroupId: z.string().nullable().describe('the department party group (党组) deciding for it'),
    partyGroupName: z.string().nullable(),
  })
  .meta({ id: 'Department' });
export class DepartmentListDto extends createZodDto(z.array(departmentSchema)) {}

export const applicantListSchema = z.object({
  orgId: z.string(),
  asOf: z.string(),
  people: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      birthDate: z.string().nullable(),
      unitOrgId: z.string().nullable(),
    }),
  ),
});
export class ApplicantListDto extends createZodDto(applicantListSchema) {}

export const namesQuerySchema = z.object({
  ids: z
    .string()
    .min(1)
    .max(8000)
    .describe('comma-separated user or person ids (at most 500)')
    .transform((v) => [...new Set(v.split(',').map((s) => s.trim()))].filter(Boolean).slice(0, 500)),
});
export class NamesQueryDto extends createZodDto(namesQuerySchema) {}

export const namesSchema = z.object({
  names: z.record(z.string(), z.string()).describe('id → display name (users) or name (people); unknown ids omitted'),
});
export class NamesDto extends createZodDto(namesSchema) {}

export const dashboardSchema = z.object({
  asOf: z.string(),
  openCasesByStage: z.array(z.object({ procedure: procedureSchema, stage: z.string(), count: z.number().int() })),
  electionsDueByMonth: z
    .array(z.object({ month: z.string().describe('YYYY-MM'), count: z.number().int() }))
    .describe('organizations whose election is due, by month, from this month for twelve months'),
  overdueElections: z.number().int().describe('organizations in the term state overdue (RULES H-19)'),
  overdueTasksByBody: z.array(
    z.object({ bodyId: z.string().describe("'' for tasks assigned to named users"), count: z.number().int() }),
  ),
});
export class DashboardDto extends createZodDto(dashboardSchema) {}

export const committeeSchema = z.object({
  orgId: z.string(),
  posts: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      post: z.enum(['secretary', 'deputySecretary', 'committeeMember', 'organizer']),
      since: z.string(),
    }),
  ),
});
export class CommitteeDto extends createZodDto(committeeSchema) {}
