import type { ApiBodyOptions } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  APPRAISAL_GRADES,
  ATTENDANCE_STATUSES,
  MEETING_ATTACHMENT_CATEGORIES,
  OCCURRENCE_KINDS,
} from '../../../../libs/domain';
import { attachmentViewSchema } from '../attachments/attachments.dto';
import { createObjectDto } from '../common/zod-dto';
import { cursorQuery, limitQuery, nextCursorField } from '../inbox/page.query';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);

export const yearParamSchema = z.coerce.number().int().min(2000).max(2999);

export const startOrgLifeSchema = z.object({
  themeDayOfMonth: z
    .number()
    .int()
    .min(1)
    .max(28)
    .optional()
    .describe("the branch's theme party day (主题党日), 1–28; default from the policy (15)"),
});
export class StartOrgLifeDto extends createObjectDto(startOrgLifeSchema) {}

export const occurrenceSchema = z.object({
  occurrenceId: z.string().describe('<kind>.<year>.<seq>'),
  kind: z.enum(OCCURRENCE_KINDS),
  name: z.string().describe('zh-CN'),
  nameEn: z.string(),
  seq: z.number().int(),
  periodStart: z.string(),
  periodEnd: z.string(),
  plannedDate: z.string(),
  noticeOn: z.string().describe('the notice (with an iCalendar invitation) goes out on this day'),
  remindOn: z.string(),
  status: z.enum(['planned', 'open', 'held', 'missed']),
  openedAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  recordId: z.string().nullable(),
});

export const orgLifePlanSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  year: z.number().int(),
  orgType: z.string(),
  status: z.enum(['draft', 'submitted', 'approved', 'returned']),
  themeDayOfMonth: z.number().int(),
  approvalCaseId: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  policyVersion: z.string(),
  source: z
    .enum(['workflow', 'record'])
    .describe('workflow: the running org-life workflow; record: the SQL projection'),
  running: z.boolean().describe('the org-life workflow runs this year'),
  occurrences: z.array(occurrenceSchema),
});
export class OrgLifePlanDto extends createZodDto(orgLifePlanSchema) {}
export type OrgLifePlan = z.infer<typeof orgLifePlanSchema>;

export const adjustOccurrenceSchema = z.object({
  plannedDate: isoDate.describe('the new planned date, inside the occurrence period, notice respected (RULES §F)'),
});
export class AdjustOccurrenceDto extends createObjectDto(adjustOccurrenceSchema) {}
export class OccurrenceDto extends createZodDto(occurrenceSchema) {}

export const submitPlanResultSchema = z.object({
  approvalCaseId: z.string().describe('the orgLifePlan case; the branch committee decides its task P1 in the inbox'),
});
export class SubmitPlanResultDto extends createZodDto(submitPlanResultSchema) {}

export const recordMeetingSchema = z.object({
  heldOn: isoDate,
  place: z.string().trim().max(200).nullable().optional(),
  topic: text(500),
  presidedBy: z.string().max(200).nullable().optional().describe('person id of who presided'),
  minutes: z.string().max(20_000).nullable().optional(),
  resolutions: z
    .array(
      z.object({
        text: text(2000),
        forVotes: z.number().int().min(0),
        againstVotes: z.number().int().min(0).optional(),
        abstentions: z.number().int().min(0).optional(),
      }),
    )
    .max(50)
    .default([]),
  teacherPersonId: z.string().max(200).nullable().optional().describe('a party class: who taught'),
  hours: z.number().min(0.5).max(40).multipleOf(0.5).nullable().optional().describe('a class or study: hours credited'),
  guests: z
    .array(z.object({ name: text(100), note: z.string().max(200).nullable().optional() }))
    .max(100)
    .default([])
    .describe('activists and others invited (not counted)'),
  attendance: z
    .array(
      z.object({
        personId: z.string().min(1).max(200),
        status: z.enum(ATTENDANCE_STATUSES),
        reason: z.string().max(500).nullable().optional(),
      }),
    )
    .max(2000)
    .describe('marks of the roster on heldOn; members not marked are absent without reason'),
});
export class RecordMeetingDto extends createObjectDto(recordMeetingSchema) {}
export type RecordMeetingBody = z.infer<typeof recordMeetingSchema>;

export const recordResultSchema = z.object({
  recordId: z.string(),
  occurrenceId: z.string(),
  status: z.enum(['planned', 'open', 'held', 'missed']),
  quorum: z.object({
    rule: z.string().nullable(),
    entitled: z.number().int(),
    present: z.number().int(),
    requiredPresent: z.number().int(),
    met: z.boolean(),
  }),
  resolutions: z.array(
    z.object({
      text: z.string(),
      forVotes: z.number().int(),
      passed: z.boolean(),
      requiredFor: z.number().int().nullable(),
    }),
  ),
  recordedLate: z.boolean(),
});
export class RecordResultDto extends createZodDto(recordResultSchema) {}

const attendanceViewSchema = z.object({
  personId: z.string(),
  membershipStatus: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
});
export const recordViewSchema = z.object({
  recordId: z.string(),
  orgId: z.string(),
  occurrenceId: z.string().nullable(),
  kind: z.string(),
  heldOn: z.string(),
  place: z.string().nullable(),
  topic: z.string(),
  presidedBy: z.string().nullable(),
  minutes: z.string().nullable(),
  resolutions: z.array(z.unknown()),
  quorum: z.record(z.string(), z.unknown()).nullable(),
  noticeOn: z.string().nullable(),
  attachments: z
    .array(attachmentViewSchema)
    .describe('sign-in sheet, photos, minutes (PDF/OFD): POST /api/org-life/records/{recordId}/attachments'),
  teacherPersonId: z.string().nullable(),
  teacherIsSecretary: z.boolean(),
  hours: z.number().nullable(),
  guests: z.array(z.unknown()),
  expected: z.number().int(),
  present: z.number().int(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  attendance: z.array(attendanceViewSchema),
});
export class RecordViewDto extends createZodDto(recordViewSchema) {}
export const recordListSchema = z.object({
  items: z.array(recordViewSchema.omit({ attendance: true, attachments: true })),
  nextCursor: nextCursorField,
});
export class RecordListDto extends createZodDto(recordListSchema) {}

export const recordListQuerySchema = z.object({
  limit: limitQuery(),
  cursor: cursorQuery('orgLifeRecords'),
});
export class RecordListQueryDto extends createZodDto(recordListQuerySchema) {}

export const complianceQuerySchema = z.object({
  year: yearParamSchema.optional().describe('default: this year'),
  orgId: z.string().min(1).max(200).optional().describe('the organization and its subtree (default: all administered)'),
  behind: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only organizations that are behind'),
});
export class ComplianceQueryDto extends createZodDto(complianceQuerySchema) {}

export const complianceRowSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  orgType: z.string(),
  parentId: z.string().nullable(),
  planStatus: z.enum(['none', 'draft', 'submitted', 'approved', 'returned']),
  planned: z.number().int(),
  due: z.number().int(),
  held: z.number().int(),
  missed: z.number().int(),
  open: z.number().int(),
  completionRate: z.number(),
  averageAttendance: z.number().nullable(),
  partyClassesHeld: z.number().int(),
  partyClassesRequired: z.number().int(),
  secretaryClassHeld: z.boolean(),
  lapseWarned: z.number().int(),
  lapseFlagged: z.number().int(),
  trainingShort: z.number().int(),
  appraisalDone: z.boolean(),
  appraisalFiled: z.boolean().describe('民主评议 results of the year filed with the upper organization'),
  appraisalHandlingDue: z
    .number()
    .int()
    .describe('不合格 members past their deadline to improve without a recorded improvement (组织处置 due), any year'),
  behind: z.boolean(),
  months: z
    .array(z.object({ month: z.string(), held: z.number().int(), missed: z.number().int(), planned: z.number().int() }))
    .describe('per month of the year, for the calendar heat map'),
});
export const complianceListSchema = z.object({
  year: z.number().int(),
  asOf: z.string(),
  items: z.array(complianceRowSchema),
  total: z.number().int(),
});
export class ComplianceListDto extends createZodDto(complianceListSchema) {}
export type ComplianceRow = z.infer<typeof complianceRowSchema>;

export const lapseQuerySchema = z.object({
  orgId: z.string().min(1).max(200).optional().describe('the organization and its subtree'),
  limit: limitQuery(),
  cursor: cursorQuery('lapseWatch'),
});
export class LapseQueryDto extends createZodDto(lapseQuerySchema) {}
export const lapseListSchema = z.object({
  items: z.array(
    z.object({
      orgId: z.string(),
      orgName: z.string(),
      personId: z.string(),
      name: z.string(),
      level: z.enum(['warned', 'flagged']),
      consecutiveMonths: z.number().int(),
      sinceMonth: z.string().nullable(),
      reasons: z
        .array(z.enum(['attendance', 'dues']))
        .describe('the grounds of 党章 Art. 9 at 3 months or more: attendance, unpaid dues (the registry fact)'),
      duesUnpaidMonths: z.number().int().describe('months ended with dues unpaid (PUT /api/people/{personId}/dues)'),
      asOf: z.string(),
      caseId: z.string().nullable(),
    }),
  ),
  nextCursor: nextCursorField,
});
export class LapseListDto extends createZodDto(lapseListSchema) {}

export const appraisalBodySchema = z.object({
  decidedOn: isoDate,
  grades: z
    .array(
      z.object({
        personId: z.string().min(1).max(200),
        grade: z.enum(APPRAISAL_GRADES).describe('优秀 / 合格 / 基本合格 / 不合格'),
        votes: z
          .object({
            excellent: z.number().int().min(0),
            qualified: z.number().int().min(0),
            basicallyQualified: z.number().int().min(0),
            unqualified: z.number().int().min(0),
          })
          .nullable()
          .optional()
          .describe('民主测评 votes; when absent, the ones recorded with the member’s assessment'),
        selfAssessment: z
          .string()
          .max(5000)
          .nullable()
          .optional()
          .describe('自我评价; when absent, the one recorded with the member’s assessment'),
      }),
    )
    .min(1)
    .max(2000),
});
export class AppraisalBodyDto extends createObjectDto(appraisalBodySchema) {}
const gradeVotesSchema = z.object({
  excellent: z.number().int().min(0),
  qualified: z.number().int().min(0),
  basicallyQualified: z.number().int().min(0),
  unqualified: z.number().int().min(0),
});

export const appraisalFilingSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  year: z.number().int(),
  upperOrgId: z.string().nullable(),
  filedOn: z.string(),
  filedBy: z.string(),
  members: z.number().int().describe('members on the roster, every one graded'),
  gradeCounts: z.record(z.string(), z.number()).describe('members per grade (excellent, qualified, …)'),
  note: z.string().nullable(),
});
export class AppraisalFilingDto extends createZodDto(appraisalFilingSchema) {}

export const appraisalListSchema = z.object({
  orgId: z.string(),
  year: z.number().int(),
  members: z.number().int().describe('members on the roster (today in the year, else its last day)'),
  ungraded: z.array(z.string()).describe('personIds on that roster without a grade'),
  filing: appraisalFilingSchema.nullable().describe('the results filed with the upper organization, once filed'),
  items: z.array(
    z.object({
      personId: z.string(),
      grade: z.string().nullable().describe('null until the committee grades'),
      votes: z.record(z.string(), z.number()).nullable().describe('民主测评: votes per grade'),
      present: z.number().int().nullable().describe('members present at the mutual appraisal'),
      selfAssessment: z.string().nullable(),
      assessedOn: z.string().nullable(),
      decidedOn: z.string().nullable(),
      decidedBy: z.string().nullable(),
      followUp: z.record(z.string(), z.unknown()).nullable(),
      followUpStatus: z
        .enum(['improving', 'handlingDue', 'improved'])
        .nullable()
        .describe('a 不合格 follow-up: improving until improveBy, then handlingDue (组织处置) until improved'),
      improvedOn: z.string().nullable(),
      improvementNote: z.string().nullable(),
    }),
  ),
});
export class AppraisalListDto extends createZodDto(appraisalListSchema) {}

export const assessmentBodySchema = z.object({
  assessedOn: isoDate.describe('the day of the mutual appraisal (in the year)'),
  selfAssessment: text(5000).describe('自我评价: the member’s own assessment'),
  present: z.number().int().min(0).describe('members present at the mutual appraisal'),
  votes: gradeVotesSchema.describe('民主测评: votes per grade cast by the members present'),
});
export class AssessmentBodyDto extends createObjectDto(assessmentBodySchema) {}

export const appraisalFilingBodySchema = z.object({
  note: z.string().trim().max(2000).optional().describe('a covering note to the upper organization'),
});
export class AppraisalFilingBodyDto extends createObjectDto(appraisalFilingBodySchema) {}
export const appraisalFilingListSchema = z.object({
  upperOrgId: z.string(),
  year: z.number().int(),
  items: z.array(appraisalFilingSchema),
});
export class AppraisalFilingListDto extends createZodDto(appraisalFilingListSchema) {}

export const improvementBodySchema = z.object({
  improvedOn: isoDate.describe('the day the improvement was established'),
  note: z.string().trim().max(2000).optional(),
});
export class ImprovementBodyDto extends createObjectDto(improvementBodySchema) {}

export const appraisalFollowUpListSchema = z.object({
  orgId: z.string(),
  asOf: z.string(),
  items: z.array(
    z.object({
      orgId: z.string(),
      year: z.number().int(),
      personId: z.string(),
      name: z.string(),
      decidedOn: z.string().nullable(),
      improveBy: z.string(),
      status: z.enum(['improving', 'handlingDue']),
    }),
  ),
});
export class AppraisalFollowUpListDto extends createZodDto(appraisalFollowUpListSchema) {}

export const trainingListSchema = z.object({
  orgId: z.string(),
  year: z.number().int(),
  items: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      leader: z.boolean(),
      required: z.number(),
      hours: z.number(),
      short: z.number(),
      met: z.boolean(),
    }),
  ),
});
export class TrainingListDto extends createZodDto(trainingListSchema) {}
export const trainingBodySchema = z.object({
  entries: z
    .array(
      z.object({
        personId: z.string().min(1).max(200),
        on: isoDate,
        hours: z.number().min(0.5).max(200).multipleOf(0.5),
        description: text(500),
      }),
    )
    .min(1)
    .max(2000),
});
export class TrainingBodyDto extends createObjectDto(trainingBodySchema) {}

/** multipart text field of a meeting record's attachment (the file itself is the `file` part, sent after it) */
export const meetingAttachmentUploadSchema = z.object({
  category: z
    .enum(MEETING_ATTACHMENT_CATEGORIES)
    .describe('signInSheet 签到表 (PDF/JPEG/PNG/OFD), photo 会议照片 (JPEG/PNG), minutes 会议记录 (PDF/OFD), other'),
});
export class MeetingAttachmentUploadDto extends createObjectDto(meetingAttachmentUploadSchema) {}

/** Swagger shape of the multipart upload of a meeting record's attachment */
export const MEETING_UPLOAD_BODY_DOC: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['category', 'file'],
    properties: {
      category: { type: 'string', enum: [...MEETING_ATTACHMENT_CATEGORIES], example: 'signInSheet' },
      file: { type: 'string', format: 'binary', description: 'by category: see `category` (checked by content)' },
    },
  },
};
