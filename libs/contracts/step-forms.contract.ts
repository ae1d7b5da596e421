import { z } from 'zod';
import { candidateListSchema, electionPreparationSchema, nominationsSchema } from './term.contract';
import { establishmentRequestSchema } from './establishment.contract';
import type { Procedure } from './case.contract';

/**
 * The payload of each step's decision, as a form: the fields a console shows, their kind (date, person picker, count)
 * and their labels in both languages. These schemas describe the shape only; the workflow's validators and the
 * domain rules stay the judges (a refused payload comes back as 400/422 naming the field). A console renders the form
 * from `GET /api/cases/:caseId/tasks/:taskId/form`, which sends the JSON Schema of the step's entry here.
 *
 * `widget` (JSON Schema extension keyword) picks the control: `person` (a picker over the case organization's roster),
 * `persons`, `date`, `count`, `text`, `textarea`, `boolean`, `select`; `titleEn` is the English label.
 */
const label = (title: string, titleEn: string, widget?: string) => ({ title, titleEn, ...(widget ? { widget } : {}) });

const isoDate = (title: string, titleEn: string) => z.iso.date().meta(label(title, titleEn, 'date'));
const person = (title: string, titleEn: string) =>
  z
    .string()
    .min(1)
    .meta(label(title, titleEn, 'person'));
const count = (title: string, titleEn: string) =>
  z
    .number()
    .int()
    .min(0)
    .meta(label(title, titleEn, 'count'));
const text = (title: string, titleEn: string) =>
  z
    .string()
    .min(1)
    .meta(label(title, titleEn, 'text'));
const textarea = (title: string, titleEn: string) =>
  z
    .string()
    .min(1)
    .meta(label(title, titleEn, 'textarea'));

/** The decision date of a member-development step (`date`, or the step's named date field, RULES §E). */
const stepDate = (field: string, title: string, titleEn: string) => ({
  [field]: isoDate(title, titleEn).optional().describe('default: the day of the decision'),
});

const formalReply = z.object({
  replyNo: text('批复文号', 'Reply document number'),
  effectiveDate: isoDate('批复生效日期', 'Effective date').optional(),
});

const branchVoteCounts = {
  entitled: count('有表决权的正式党员数', 'Full members entitled to vote'),
  present: count('到会有表决权的正式党员数', 'Entitled members present'),
  forVotes: count('赞成票数', 'Votes for'),
  writtenOpinionsFor: count('书面意见赞成数', 'Written opinions for').optional(),
};

const admissionApproval = z.object(stepDate('date', '日期', 'Date'));

/** Step forms by `<procedure>:<step>`; a step missing here takes no payload (approve / reject / return with comment). */
export const STEP_FORMS = {
  // ── establishment (RULES §C.1) ──
  'establishment:C3': z.object({ request: establishmentRequestSchema }),
  'establishment:C4': z.object({
    discussionDate: isoDate('酝酿日期', 'Discussion date'),
    summary: textarea('党员酝酿情况', 'Summary of the members’ discussion'),
  }),
  'establishment:C7': z.object({
    secretaryId: person('书记', 'Secretary'),
    deputyId: person('副书记', 'Deputy secretary').optional(),
  }),
  'establishment:C9': formalReply,
  // ── term election (RULES §D) ──
  'termElection:E1': electionPreparationSchema,
  'termElection:E4': nominationsSchema,
  'termElection:E5': candidateListSchema,
  'termElection:E10': formalReply,
  // ── by-election and appointment (RULES §B.4, §D.8) ──
  'byElection:B1': candidateListSchema,
  'byElection:B5': formalReply,
  'byElection:A1': formalReply,
  // ── member development (RULES §E) ──
  'admission:E2': z.object({ talkerId: person('谈话人', 'Talker'), ...stepDate('talkDate', '谈话日期', 'Talk date') }),
  'admission:E3': admissionApproval,
  'admission:E4': admissionApproval,
  'admission:E5': z.object({
    contactIds: z
      .array(z.string().min(1))
      .min(1)
      .meta(label('培养联系人', 'Cultivation contacts', 'persons')),
    ...stepDate('date', '指定日期', 'Date assigned'),
  }),
  'admission:E6': z.object({
    ...stepDate('assessmentDate', '考察日期', 'Assessment date'),
    cancel: z
      .boolean()
      .optional()
      .meta(label('取消积极分子资格', 'Cancel activist status', 'boolean')),
    reason: z
      .string()
      .optional()
      .meta(label('取消理由', 'Reason for cancelling', 'textarea')),
  }),
  'admission:E7': admissionApproval,
  'admission:E8': admissionApproval,
  'admission:E9': z.object({
    introducers: z
      .array(
        z.object({
          personId: person('入党介绍人', 'Introducer'),
          consent: z.boolean().meta(label('本人同意', 'Consents', 'boolean')),
        }),
      )
      .min(1)
      .meta(label('入党介绍人', 'Introducers')),
    ...stepDate('date', '确定日期', 'Date'),
  }),
  'admission:E10': z.object({
    conclusion: z.enum(['pass', 'fail']).meta(label('审查结论', 'Conclusion', 'select')),
    ...stepDate('reviewDate', '审查日期', 'Review date'),
  }),
  'admission:E11': z.object({
    days: count('培训天数', 'Training days').optional(),
    hours: count('培训学时', 'Class hours').optional(),
    trainingStartDate: isoDate('培训开始日期', 'Training start date').optional(),
    ...stepDate('trainingEndDate', '培训结束日期', 'Training end date'),
  }),
  'admission:E12': admissionApproval,
  'admission:E13': z.object({
    expectedLeaveDate: isoDate('预计调离本单位日期', 'Expected date of leaving the unit').optional(),
    ...stepDate('date', '预审日期', 'Date'),
  }),
  'admission:E14': admissionApproval,
  'admission:E15': z.object({ ...branchVoteCounts, ...stepDate('meetingDate', '支部大会日期', 'Meeting date') }),
  'admission:E16': z.object({ talkerId: person('谈话人', 'Talker'), ...stepDate('talkDate', '谈话日期', 'Talk date') }),
  'admission:E17': admissionApproval,
  'admission:E20': z.object(stepDate('oathDate', '宣誓日期', 'Oath date')),
  'admission:E21': z.object(stepDate('assessmentDate', '考察日期', 'Assessment date')),
  'admission:E22': z.object(stepDate('applicationDate', '转正申请日期', 'Application date')),
  'admission:E23': z.object({
    ...branchVoteCounts,
    resolution: z.enum(['full', 'extend', 'cancel']).meta(label('决议', 'Resolution', 'select')),
    extensionMonths: count('延长预备期（月）', 'Extension (months)').optional(),
    ...stepDate('meetingDate', '支部大会日期', 'Meeting date'),
  }),
  'admission:E24': admissionApproval,
  'admission:E25': z.object(stepDate('archiveDate', '归档日期', 'Archive date')),
} as const satisfies Record<string, z.ZodType>;

export type StepFormKey = keyof typeof STEP_FORMS;

/** The form of a step (`E17-PG` is the party group's turn of step E17 and uses its form); undefined: no payload. */
export function stepFormOf(procedure: Procedure, step: string): z.ZodType | undefined {
  const key = `${procedure}:${step.replace(/-PG$/, '')}`;
  return (STEP_FORMS as Record<string, z.ZodType>)[key];
}
