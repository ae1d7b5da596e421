import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { caseStatusSchema } from '../../../../libs/contracts';

// OpenAPI shape of DossierView (dossier.builder.ts); the builder's types are the source.
const namedRef = z.object({ id: z.string(), name: z.string() });
const dossierEvent = z.object({
  at: z.string(),
  date: z.string(),
  step: z.string(),
  event: z.string(),
  actor: namedRef.nullable(),
  outcome: z.string().nullable(),
  comment: z.string().nullable(),
  rule: z.string().describe('the rule the step satisfied, e.g. RULES §E step 15'),
  detail: z.record(z.string(), z.unknown()).nullable(),
  restricted: z.boolean().describe('restricted content left out for this reader (RULES H-15)'),
});
const n = z.number().nullable();
const dossierVote = z.object({
  date: z.string(),
  entitled: n,
  present: n,
  forVotes: n,
  writtenOpinionsFor: n,
  totalFor: n,
  requiredPresent: n,
  requiredFor: n,
  passed: z.boolean().nullable(),
  resolution: z.string().nullable(),
  extensionMonths: n,
  explanation: z.string().nullable(),
});
const dossierEvidence = z.object({
  id: z.string(),
  step: z.string().nullable(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedByName: z.string(),
  uploadedAt: z.string(),
  downloadUrl: z.string(),
});
const dossierStep = z.object({
  number: z.number().int(),
  code: z.string(),
  stage: z.number().int(),
  name: z.string(),
  nameEn: z.string(),
  rule: z.string(),
  status: z.enum(['done', 'open', 'notReached']),
  date: z.string().nullable(),
  actor: namedRef.nullable(),
  outcome: z.string().nullable(),
  events: z.array(dossierEvent),
  votes: z.array(dossierVote).describe('steps 15 and 23: every count and the required numbers'),
  evidence: z.array(dossierEvidence),
  evidenceWithheld: z.number().int(),
});
const labelled = { label: z.string(), labelEn: z.string() };

export const dossierViewSchema = z.object({
  caseId: z.string(),
  title: z.string(),
  status: caseStatusSchema,
  statusLabel: z.string().describe('the status in words (zh-CN): 进行中, 已办结, 未通过, 已撤回, 已取消'),
  statusLabelEn: z.string().describe('the status in words (English)'),
  stage: z.string().describe('the current step code, e.g. E2 or E17-PG'),
  stageLabel: z.string().describe('the current step with its name, e.g. "E2 党组织派人谈话"'),
  stageLabelEn: z.string().describe('the current step with its English name'),
  policyVersion: z.string(),
  generatedAt: z.string().describe('the instant the dossier describes (the case record time for a closed case)'),
  person: z.object({ id: z.string(), name: z.string(), birthDate: z.string().nullable() }),
  branch: namedRef,
  orgPath: z.array(z.string()),
  transfers: z.array(
    z.object({
      from: namedRef,
      to: namedRef,
      effectiveDate: z.string().nullable(),
      phase: z.string().nullable(),
      postponeMonths: z.number(),
      reason: z.string().nullable(),
      documentNo: z.string().nullable(),
    }),
  ),
  keyDates: z.array(z.object({ key: z.string(), ...labelled, date: z.string() })),
  partyStandingSince: z.string().nullable().describe('党龄起算日: the (extended) probation end'),
  probationEnd: z.string().nullable(),
  flags: z.array(z.object({ code: z.string(), ...labelled })),
  compliance: z.record(z.string(), z.unknown()),
  stages: z.array(z.object({ stage: z.number().int(), name: z.string(), nameEn: z.string() })),
  steps: z.array(dossierStep),
  otherEvents: z.array(dossierEvent),
  otherEvidence: z.array(dossierEvidence),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  rejection: z.record(z.string(), z.unknown()).nullable(),
  restrictedContentHidden: z.boolean(),
});
export class DossierViewDto extends createZodDto(dossierViewSchema) {}
