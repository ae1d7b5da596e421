import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { createObjectDto } from '../common/zod-dto';

export const startDemocraticLifeSchema = z.object({
  topic: z.string().trim().min(1).max(200).describe('会议主题, agreed with the higher organization first'),
  plannedDate: z.iso.date().describe('the meeting date, in the year and not past'),
  disciplineBodyId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'the discipline committee consenting to topic and date (an organization or party group id); default: the upper organization',
    ),
});
export class StartDemocraticLifeDto extends createObjectDto(startDemocraticLifeSchema) {}
export type StartDemocraticLifeBody = z.infer<typeof startDemocraticLifeSchema>;

const teamMemberSchema = z.object({
  personId: z.string(),
  name: z.string(),
  post: z.enum(['secretary', 'deputySecretary', 'committeeMember', 'organizer']),
});

export const startDemocraticLifeResultSchema = z.object({
  caseId: z.string().describe('democraticLife:<orgId>:<year> (…~n for a later attempt); tasks D1–D8 in the inbox'),
  orgId: z.string(),
  year: z.number().int(),
  status: z.literal('active'),
  stage: z.string(),
  team: z.array(teamMemberSchema).describe('the leadership team on the day the case started'),
  organizationDepartmentBodyId: z.string(),
  disciplineBodyId: z.string(),
  previousItems: z.number().int().describe("items of last year's rectification list to report on at the meeting"),
});
export class StartDemocraticLifeResultDto extends createZodDto(startDemocraticLifeResultSchema) {}

export const democraticLifeCasesSchema = z.object({
  orgId: z.string(),
  year: z.number().int(),
  items: z.array(
    z.object({
      caseId: z.string(),
      status: z.string(),
      stage: z.string(),
      heldOn: z.string().nullable(),
      items: z.number().int().describe('items of its rectification list'),
    }),
  ),
});
export class DemocraticLifeCasesDto extends createZodDto(democraticLifeCasesSchema) {}
