import { z } from 'zod';
import { invalidInput, type RuleViolation } from '../domain/errors/rule-violation';
import { electionPreparationSchema, nominationsSchema } from './term.contract';
import { candidateSchema, establishmentRequestSchema } from './establishment.contract';
import type { Outcome, Procedure } from './case.contract';

/**
 * The payload of each step's decision — one schema per input step, the step's contract everywhere: the API checks it
 * before it sends the update (400 naming `payload.<field>`), the case kernel's update validator checks it again
 * (PAYLOAD_INVALID naming the field: other clients reach the workflow too), the OpenAPI document shows an example per
 * step (step-examples.contract.ts), the dossier reads decisions through its types (`StepPayload`), and a console
 * renders the form from `GET /api/cases/:caseId/tasks/:taskId/form` (the JSON Schema of the step's entry, with the
 * labels in both languages). The schema judges shape (types, required fields, real calendar dates); the domain rules
 * judge the rest (counts of contacts and introducers, vote arithmetic, periods: 422 naming the rule). Unknown keys
 * are accepted (clients record extra notes such as `summary`), so a schema never refuses a payload that only adds.
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
const stepDate = <F extends string>(field: F, title: string, titleEn: string) =>
  ({ [field]: isoDate(title, titleEn).optional().describe('default: the day of the decision') }) as {
    [K in F]: z.ZodOptional<z.ZodISODate>;
  };

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

/** Steps 17 and 24 (RULES §E): past the 3-month deadline the approver gives the reason (issue 10). */
const upperApprovalForm = z.object({
  lateReason: textarea(
    '超期审批原因（超过三个月时填写）',
    'Reason for a late approval (after three months)',
  ).optional(),
  ...stepDate('date', '审批日期', 'Date'),
});

type Labels = Record<string, [title: string, titleEn: string, widget?: string]>;

/**
 * A copy of a contract's object schema with a label (and control) on each field. The copy drops the schema's own
 * registry id, so its JSON Schema is inline (a `$ref` would leave the console's form empty).
 */
function labelled<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, labels: Labels): z.ZodObject<Shape> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => {
      const l = labels[key];
      return [key, l ? (field as z.ZodType).meta(label(l[0], l[1], l[2])) : field];
    }),
  );
  return z.object(shape) as unknown as z.ZodObject<Shape>;
}

const candidateFields: Labels = {
  personId: ['候选人', 'Candidate', 'person'],
  name: ['姓名', 'Name', 'text'],
  surnameStrokes: ['姓氏笔画', 'Surname strokes', 'count'],
};

const candidateList = z.object({
  candidates: z.array(labelled(candidateSchema, candidateFields)).min(1).meta(label('候选人名单', 'Candidate list')),
  secretaryNomineeId: person('书记候选人', 'Secretary nominee').optional(),
});

const establishmentRequestForm = labelled(establishmentRequestSchema, {
  name: ['拟成立党组织名称', 'Name of the new organization', 'text'],
  proposedType: ['组织类型', 'Type', 'select'],
  parentOrgId: ['上级党组织', 'Superior organization', 'text'],
  departmentId: ['所在部门', 'Department', 'text'],
  unitName: ['单位（处室）名称', 'Unit name', 'text'],
  natureOfWork: ['工作性质', 'Nature of work', 'text'],
  staffHeadcount: ['在职人数', 'Staff headcount', 'count'],
  rosterPersonIds: ['党员名单', 'Member roster', 'persons'],
  legalBasis: ['成立依据', 'Legal basis', 'text'],
  reasons: ['成立理由', 'Reasons', 'textarea'],
  committeeSeats: ['委员名额', 'Committee seats', 'count'],
  positions: ['委员分工', 'Committee positions'],
  slate: ['委员候选人', 'Committee candidates'],
  coveredUnits: ['联合党支部覆盖单位', 'Units covered'],
  plannedElectionDate: ['拟选举日期', 'Planned election date', 'date'],
  belowThresholdJustification: ['人数不足时的说明', 'Justification below the thresholds', 'textarea'],
  standingSeats: ['常委名额（机关党委设常委会时）', 'Standing seats (organ committee)', 'count'],
}).extend({
  slate: z
    .array(labelled(candidateSchema, candidateFields))
    .default([])
    .meta(label('委员候选人', 'Committee candidates')),
  workProject: labelled(establishmentRequestSchema.shape.workProject.unwrap(), {
    start: ['项目开始日期', 'Project start date', 'date'],
    end: ['项目结束日期', 'Project end date', 'date'],
  })
    .optional()
    .meta(label('工作项目期间（为工作项目成立党支部时）', 'Work project period (a branch for a work project)')),
});

/** Step forms by `<procedure>:<step>`; a step missing here takes no payload (approve / reject / return with comment). */
export const STEP_FORMS = {
  // ── establishment (RULES §C.1) ──
  'establishment:C3': z.object({
    request: establishmentRequestForm
      .meta(label('请示报告', 'Request report'))
      .optional()
      .describe('default: the request as it stands'),
  }),
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
  'termElection:E1': labelled(electionPreparationSchema, {
    plannedElectionDate: ['拟选举日期', 'Planned election date', 'date'],
    seats: ['委员名额', 'Committee seats', 'count'],
    nominationMethod: ['候选人提名方式', 'Nomination method', 'text'],
    electionRules: ['选举办法', 'Election rules', 'textarea'],
    workReport: ['工作报告', 'Work report', 'textarea'],
    delegateCongress: ['召开党员代表大会', 'Delegate congress', 'boolean'],
    congressApprovalRef: ['上级批准文件', 'Upper approval document', 'text'],
  }),
  'termElection:E4': z.object({
    nominations: z
      .array(
        labelled(nominationsSchema.shape.nominations.element, {
          personId: ['被推荐人', 'Nominee', 'person'],
          name: ['姓名', 'Name', 'text'],
          nominatedBy: ['推荐单位', 'Nominated by', 'text'],
        }),
      )
      .min(1)
      .meta(label('推荐名单', 'Nominations')),
  }),
  'termElection:E5': candidateList,
  'termElection:E10': formalReply,
  // ── by-election and appointment (RULES §B.4, §D.8) ──
  'byElection:B1': candidateList,
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
  'admission:E6': z
    .object({
      ...stepDate('assessmentDate', '考察日期', 'Assessment date'),
      cancel: z
        .boolean()
        .optional()
        .meta(label('取消积极分子资格', 'Cancel activist status', 'boolean')),
      reason: z
        .string()
        .optional()
        .meta(label('取消理由', 'Reason for cancelling', 'textarea')),
    })
    .superRefine((p, ctx) => {
      // RULES §E step 6: cancelling the activist status is recorded with its reason
      if (p.cancel === true && !p.reason?.trim()) {
        ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required to cancel (取消资格须写明理由)' });
      }
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
  'admission:E15': z.object({
    ...branchVoteCounts,
    // RULES §E step 13 (practice, when adopted): the admission meeting comes after the public notice (公示)
    publicNoticeStartDate: isoDate('公示开始日期', 'Public notice start date').optional(),
    ...stepDate('meetingDate', '支部大会日期', 'Meeting date'),
  }),
  'admission:E16': z.object({ talkerId: person('谈话人', 'Talker'), ...stepDate('talkDate', '谈话日期', 'Talk date') }),
  'admission:E17': upperApprovalForm,
  'admission:E20': z.object(stepDate('oathDate', '宣誓日期', 'Oath date')),
  'admission:E21': z.object(stepDate('assessmentDate', '考察日期', 'Assessment date')),
  'admission:E22': z.object(stepDate('applicationDate', '转正申请日期', 'Application date')),
  'admission:E23': z
    .object({
      ...branchVoteCounts,
      resolution: z.enum(['full', 'extend', 'cancel']).meta(label('决议', 'Resolution', 'select')),
      extensionMonths: count('延长预备期（月）', 'Extension (months)').optional(),
      ...stepDate('meetingDate', '支部大会日期', 'Meeting date'),
    })
    .superRefine((p, ctx) => {
      // RULES §E step 23: an extension names its length (the policy bounds it: 422 PROBATION_EXTENSION_LENGTH)
      if (p.resolution === 'extend' && p.extensionMonths === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['extensionMonths'],
          message: 'required to extend (延长预备期须写明月数)',
        });
      }
    }),
  'admission:E24': upperApprovalForm,
  'admission:E25': z.object(stepDate('archiveDate', '归档日期', 'Archive date')),
  // ── lapse watch (RULES §F, 党章 Art. 9): the general meeting's vote on removal (除名) ──
  'lapse:L2': z.object({ ...branchVoteCounts, ...stepDate('meetingDate', '支部大会日期', 'Meeting date') }),
  // ── democratic life meeting of a leadership team (RULES §F 民主生活会) ──
  'democraticLife:D0': z.object({
    topic: text('会议主题', 'Topic'),
    plannedDate: isoDate('召开日期', 'Meeting date'),
  }),
  'democraticLife:D3': z.object({
    completedOn: isoDate('学习完成日期', 'Study completed on'),
    summary: textarea('学习内容', 'What was studied').optional(),
  }),
  'democraticLife:D4': z.object({
    completedOn: isoDate('征求意见完成日期', 'Opinions gathered by'),
    methods: text('征求方式（座谈、问卷、走访）', 'How (talks, forms, visits)').optional(),
    opinionCount: count('征求到的意见条数', 'Opinions gathered').optional(),
    feedback: textarea('向班子成员反馈情况', 'Feedback to the team').optional(),
  }),
  'democraticLife:D5': z.object({
    completedOn: isoDate('谈心谈话完成日期', 'Talks completed on'),
    talkCount: count('谈心谈话人次', 'Talks held').optional(),
  }),
  'democraticLife:D6': z.object({
    submittedPersonIds: z
      .array(z.string().min(1))
      .meta(label('已交对照检查材料的班子成员', 'Team members who wrote their self-examination', 'persons')),
  }),
  'democraticLife:D7': z.object({
    heldOn: isoDate('召开日期（须为上级同意的日期）', 'Held on (the agreed date)').optional(),
    presentPersonIds: z
      .array(z.string().min(1))
      .optional()
      .meta(label('出席的班子成员', 'Team members present', 'persons')),
    minutes: textarea('会议情况', 'Minutes').optional(),
    review: z
      .array(
        z.object({
          itemId: text('上年整改事项编号', 'Item of last year’s list'),
          status: z.enum(['done', 'inProgress', 'notDone']).meta(label('落实情况', 'Status', 'select')),
          note: text('说明（未完成时必填）', 'Note (when not done)').optional(),
        }),
      )
      .optional()
      .meta(label('上年整改落实情况通报', 'Report on last year’s rectification list')),
    reschedule: z
      .object({
        plannedDate: isoDate('改期后的日期', 'New date').optional(),
        reason: textarea('改期理由', 'Reason').optional(),
      })
      .optional()
      .meta(label('改期（重新报上级同意）', 'Reschedule (consent again)')),
  }),
  // ── secretary's yearly report and its appraisal (RULES §F 述职评议; grades from the policy, default 好/较好/一般/差) ──
  'secretaryReport:R0': z.object({ report: textarea('修改后的述职报告', 'Revised report') }),
  'secretaryReport:R1': z.object({
    appraisedOn: isoDate('评议日期', 'Appraised on'),
    grade: z
      .enum(['good', 'fairlyGood', 'average', 'poor'])
      .meta(label('评议等次（好/较好/一般/差）', 'Grade', 'select')),
    votes: z
      .object({
        good: count('“好”票数', 'Votes: good').optional(),
        fairlyGood: count('“较好”票数', 'Votes: fairly good').optional(),
        average: count('“一般”票数', 'Votes: average').optional(),
        poor: count('“差”票数', 'Votes: poor').optional(),
      })
      .optional()
      .meta(label('民主测评票数', 'Appraisal votes')),
    comments: textarea('评议意见', 'Comments').optional(),
  }),
  'secretaryReport:R2': z.object({
    rectifiedOn: isoDate('整改完成日期', 'Rectified on'),
    summary: textarea('整改情况', 'What was done'),
  }),
  'democraticLife:D8': z.object({
    items: z
      .array(
        z.object({
          text: textarea('整改措施', 'Measure'),
          ownerPersonId: person('责任人', 'Owner'),
          deadline: isoDate('整改时限', 'Deadline'),
        }),
      )
      .min(1)
      .meta(label('整改清单', 'Rectification list')),
  }),
} as const satisfies Record<string, z.ZodType>;

export type StepFormKey = keyof typeof STEP_FORMS;

/** The payload of a step as its schema gives it (what a decision of that step carries once validated). */
export type StepPayload<K extends StepFormKey> = z.output<(typeof STEP_FORMS)[K]>;

/** The rule each step's payload answers to (member development: its step of RULES §E), named in a refusal. */
const STEP_RULES: Readonly<Record<Exclude<StepFormKey, `admission:${string}`>, string>> = {
  'establishment:C3': 'RULES §C.2',
  'establishment:C4': 'RULES §C.1 C4',
  'establishment:C7': 'RULES §B.1',
  'establishment:C9': 'RULES §C.2',
  'termElection:E1': 'RULES §D.1',
  'termElection:E4': 'RULES §D.2',
  'termElection:E5': 'RULES §D.2',
  'termElection:E10': 'RULES §D.7',
  'byElection:B1': 'RULES §B.4',
  'byElection:B5': 'RULES §D.7',
  'byElection:A1': 'RULES §D.7',
  'lapse:L2': 'RULES §F',
  'democraticLife:D0': 'RULES §F',
  'democraticLife:D3': 'RULES §F',
  'democraticLife:D4': 'RULES §F',
  'democraticLife:D5': 'RULES §F',
  'democraticLife:D6': 'RULES §F',
  'democraticLife:D7': 'RULES §F',
  'democraticLife:D8': 'RULES §F',
  'secretaryReport:R0': 'RULES §F',
  'secretaryReport:R1': 'RULES §F',
  'secretaryReport:R2': 'RULES §F',
};

export function stepRuleOf(key: StepFormKey): string {
  return key.startsWith('admission:E')
    ? `RULES §E step ${key.slice('admission:E'.length)}`
    : STEP_RULES[key as keyof typeof STEP_RULES];
}

function stepKey(procedure: Procedure, step: string): StepFormKey | undefined {
  const key = `${procedure}:${step.replace(/-PG$/, '')}`;
  return Object.hasOwn(STEP_FORMS, key) ? (key as StepFormKey) : undefined;
}

/** The form of a step (`E17-PG` is the party group's turn of step E17 and uses its form); undefined: no payload. */
export function stepFormOf(procedure: Procedure, step: string): z.ZodType | undefined {
  const key = stepKey(procedure, step);
  return key && STEP_FORMS[key];
}

/** Fields given with a return or a rejection are typed, none required (the step is not done yet). */
const partialForms = new Map<StepFormKey, z.ZodType>();
function givenFieldsOf(key: StepFormKey): z.ZodType {
  let partial = partialForms.get(key);
  if (!partial) {
    partial = z.object((STEP_FORMS[key] as z.ZodObject).shape).partial();
    partialForms.set(key, partial);
  }
  return partial;
}

/**
 * A decision's payload against its step's schema: the whole schema for a submission or an approval, the given fields
 * only for a return or a rejection. Undefined when the step takes no payload (any payload passes: approvals with a
 * comment).
 */
export function parseStepPayload(
  procedure: Procedure,
  step: string,
  outcome: Outcome,
  payload: unknown,
): z.ZodSafeParseResult<unknown> | undefined {
  const key = stepKey(procedure, step);
  if (!key) return undefined;
  const schema = outcome === 'reject' || outcome === 'return' ? givenFieldsOf(key) : STEP_FORMS[key];
  return schema.safeParse(payload ?? {});
}

/** A payload field missing or invalid (400 PAYLOAD_INVALID naming it): the one shape of a refused step payload. */
export function invalidPayload(field: string, rule: string, why?: string): RuleViolation {
  const detail = why ? ` (${why})` : '';
  return {
    ...invalidInput(
      'PAYLOAD_INVALID',
      `payload field missing or invalid: ${field}${detail}`,
      `提交内容缺少或有误：${field}${why ? `（${why}）` : ''}`,
      { field },
    ),
    rule,
  };
}

/** A value that does not fit its contract's schema, refused as PAYLOAD_INVALID naming the first field at fault. */
export function schemaViolation(schema: z.ZodType, value: unknown, rule: string): RuleViolation | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return invalidPayload(issue.path.map(String).join('.') || 'payload', rule, issue.message);
}

/** The refusal of a payload that does not fit its step (400 PAYLOAD_INVALID naming the field and the step's rule). */
export function stepPayloadViolation(
  procedure: Procedure,
  step: string,
  outcome: Outcome,
  payload: unknown,
): RuleViolation | null {
  const parsed = parseStepPayload(procedure, step, outcome, payload);
  if (!parsed || parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return invalidPayload(
    issue.path.map(String).join('.') || 'payload',
    stepRuleOf(stepKey(procedure, step)!),
    issue.message,
  );
}
