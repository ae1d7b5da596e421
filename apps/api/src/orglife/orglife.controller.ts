import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { AttachmentListDto, AttachmentViewDto } from '../attachments/attachments.dto';
import type { UploadedFilePart } from '../attachments/attachments.service';
import { contentDisposition } from '../attachments/content-disposition';
import { UploadInterceptorFor, UploadOwner } from '../attachments/upload.interceptor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';
import type { HttpResponse } from '../common/http.types';
import { IDEMPOTENCY_HEADER_DOC, IdempotencyKey, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { MeetingAttachmentsService, type MeetingRecordOwner } from './meeting-attachments.service';
import { OrgLifeComplianceService } from './orglife-compliance.service';
import {
  AdjustOccurrenceDto,
  ComplianceListDto,
  ComplianceQueryDto,
  LapseListDto,
  LapseQueryDto,
  MEETING_UPLOAD_BODY_DOC,
  MeetingAttachmentUploadDto,
  OccurrenceDto,
  OrgLifePlanDto,
  RecordListDto,
  RecordListQueryDto,
  RecordMeetingDto,
  RecordResultDto,
  RecordViewDto,
  StartOrgLifeDto,
  SubmitPlanResultDto,
  TrainingBodyDto,
  TrainingListDto,
  yearParamSchema,
} from './orglife.dto';
import { OrgLifeService } from './orglife.service';

export function yearOf(value: string): number {
  const parsed = yearParamSchema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(400, 'INVALID_YEAR', '年度须为2000至2999之间的整数', 'year must be an integer 2000–2999', {
      numbers: { field: 'year' },
    });
  }
  return parsed.data;
}

/** Uploads to a meeting record: authorized on the record before the body, on the category when the file starts. */
export const MeetingAttachmentUploadInterceptor = UploadInterceptorFor(MeetingAttachmentsService);

/**
 * 组织生活 — 三会一课 and the yearly cycle (RULES §F): the yearly plan of an organization and its workflow, adjusting
 * and submitting the plan, recording meetings and classes with attendance from the roster, and training
 * hours; for administrators the compliance list, its Excel ledger and the lapse watch.
 */
@ApiTags('org-life')
@ApiBearerAuth()
@Controller()
export class OrgLifeController {
  constructor(
    private readonly orgLife: OrgLifeService,
    private readonly compliance: OrgLifeComplianceService,
    private readonly meetingFiles: MeetingAttachmentsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get('org-life/compliance')
  @ApiOperation({
    summary: 'Compliance of organizational life per organization (administrators)',
    description:
      'Per active organization of the administered subtree and year: held against the plan, missed, average attendance, ' +
      'members warned / flagged by the lapse watch, training hours short, appraisal done and filed, 不合格 members with organizational handling due; lowest completion first.',
  })
  @ApiOkResponse({ type: ComplianceListDto })
  async complianceList(@CurrentActor() actor: Actor, @Query() query: ComplianceQueryDto): Promise<ComplianceListDto> {
    const { year, asOf, items } = await this.compliance.list(actor, query);
    return { year, asOf, items, total: items.length };
  }

  @Get('org-life/compliance.xlsx')
  @ApiOperation({ summary: 'The organizational-life ledger (台账) as an Excel workbook (administrators)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'two sheets: the compliance summary and every occurrence with its record' })
  async complianceXlsx(
    @CurrentActor() actor: Actor,
    @Query() query: ComplianceQueryDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<StreamableFile> {
    const { bytes, year } = await this.compliance.workbook(actor, query);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(bytes, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      length: bytes.length,
      disposition: contentDisposition(`组织生活台账-${year}.xlsx`, 'attachment'),
    });
  }

  @Get('org-life/lapse-watch')
  @ApiOperation({
    summary: 'Members on the lapse watch (RULES §F, 党章 Art. 9)',
    description:
      'Warned at 3 consecutive months absent without reason, flagged at 6; administrators, or a secretary for their own organization. ' +
      'Most consecutive months first; paginated: `limit` (at most 200) and `cursor` (nextCursor of the previous page).',
  })
  @ApiOkResponse({ type: LapseListDto })
  lapseWatch(@CurrentActor() actor: Actor, @Query() query: LapseQueryDto): Promise<LapseListDto> {
    return this.compliance.lapseWatch(actor, query.orgId, { limit: query.limit, cursor: query.cursor });
  }

  @Get('org-life/records/:recordId')
  @ApiOperation({ summary: 'One meeting or class record with its attendance' })
  @ApiOkResponse({ type: RecordViewDto })
  record(@CurrentActor() actor: Actor, @Param('recordId') recordId: string): Promise<RecordViewDto> {
    return this.orgLife.recordOf(actor, recordId);
  }

  @Post('org-life/records/:recordId/attachments')
  @UseInterceptors(MeetingAttachmentUploadInterceptor)
  @ApiOperation({
    summary: 'Attach a sign-in sheet, a photo or the minutes to a meeting record (RULES §F)',
    description:
      'multipart/form-data with `category` and one `file`, `category` first: signInSheet (PDF, JPEG, PNG or OFD), ' +
      'photo (JPEG or PNG), minutes (PDF or OFD), other (any of these or DOCX), recognized by content ' +
      "(ATTACHMENT_MAX_BYTES, default 20 MiB). The organization's secretary (submitter) or an administrator over it " +
      '(else 403 NOT_AUTHORIZED_FOR_ATTACHMENT); 404 RECORD_NOT_FOUND; 422 MEETING_ATTACHMENTS_LIMIT at ' +
      'policy.orgLife.maxAttachmentsPerRecord; 413 ATTACHMENT_TOO_LARGE; 415 ATTACHMENT_TYPE_NOT_ALLOWED / ' +
      'ATTACHMENT_TYPE_MISMATCH. The same upload path as case evidence: the right on the record is checked before the ' +
      'body is read and the category before the file is accepted; the file streams to storage with the size limit ' +
      'enforced as it arrives.',
  })
  @ApiParam({ name: 'recordId', type: String })
  @ApiConsumes('multipart/form-data')
  @ApiBody(MEETING_UPLOAD_BODY_DOC)
  @ApiCreatedResponse({ type: AttachmentViewDto })
  uploadAttachment(
    @CurrentActor() actor: Actor,
    @UploadOwner() owner: MeetingRecordOwner,
    @Body() body: MeetingAttachmentUploadDto,
    @UploadedFile() file: UploadedFilePart | undefined,
  ): Promise<AttachmentViewDto> {
    return this.meetingFiles.upload(actor, owner, body.category, file);
  }

  @Get('org-life/records/:recordId/attachments')
  @ApiOperation({ summary: "A meeting record's attachments (readers of the organization's organizational life)" })
  @ApiOkResponse({ type: AttachmentListDto })
  async attachments(@CurrentActor() actor: Actor, @Param('recordId') recordId: string): Promise<AttachmentListDto> {
    return { items: await this.meetingFiles.list(actor, recordId) };
  }

  /** The file as uploaded, with its UTF-8 name (RFC 5987 `filename*`). */
  @Get('org-life/attachments/:id')
  @ApiOperation({ summary: "A meeting record's attachment (readers of the organization's organizational life)" })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file' })
  async downloadAttachment(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<StreamableFile> {
    const { record, bytes } = await this.meetingFiles.download(actor, id);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Attachment-Sha256', record.sha256);
    return new StreamableFile(bytes, {
      type: record.contentType,
      length: bytes.length,
      disposition: contentDisposition(record.fileName),
    });
  }

  @Post('orgs/:orgId/org-life/:year')
  @ApiOperation({
    summary: "Set up the organization's organizational life of a year",
    description:
      'The secretary (submitter) starts the durable org-life workflow with the plan generated from the policy table: ' +
      'this year (from today on) or next year. Answers the running plan when it already runs for that year.',
  })
  @ApiCreatedResponse({ type: OrgLifePlanDto })
  start(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Body() body: StartOrgLifeDto,
  ): Promise<OrgLifePlanDto> {
    return this.orgLife.start(actor, orgId, yearOf(year), body.themeDayOfMonth);
  }

  @Get('orgs/:orgId/org-life/:year')
  @ApiOperation({ summary: 'The yearly plan with the state of every occurrence' })
  @ApiOkResponse({ type: OrgLifePlanDto })
  plan(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
  ): Promise<OrgLifePlanDto> {
    return this.orgLife.plan(actor, orgId, yearOf(year));
  }

  @Patch('orgs/:orgId/org-life/:year/occurrences/:occurrenceId')
  @ApiOperation({
    summary: 'Move an occurrence to another date (the secretary adjusts the plan)',
    description: 'Inside its period, not in the past, general meetings at least 3 days ahead (422 with the numbers).',
  })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ type: OccurrenceDto })
  async adjust(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Param('occurrenceId') occurrenceId: string,
    @Body() body: AdjustOccurrenceDto,
    @IdempotencyKey() key: IdempotentRequest | undefined,
  ): Promise<OccurrenceDto> {
    const updateId = await this.idempotency.updateId(actor, 'adjustOccurrence', `${orgId}/${occurrenceId}`, key);
    return this.orgLife.adjust(actor, orgId, yearOf(year), occurrenceId, body.plannedDate, updateId);
  }

  @Post('orgs/:orgId/org-life/:year/plan/submit')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Submit the plan to the branch committee',
    description:
      'Opens the orgLifePlan case; its committee approves task P1 in the inbox, then the plan is filed upward.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ type: SubmitPlanResultDto })
  async submit(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @IdempotencyKey() key: IdempotentRequest | undefined,
  ): Promise<SubmitPlanResultDto> {
    const updateId = await this.idempotency.updateId(actor, 'submitPlan', `${orgId}/${year}`, key);
    return this.orgLife.submit(actor, orgId, yearOf(year), updateId);
  }

  @Post('orgs/:orgId/org-life/:year/occurrences/:occurrenceId/record')
  @ApiOperation({
    summary: 'Record a held meeting, class or theme day',
    description:
      'Attendance from the roster on heldOn (members not marked are absent without reason; a mark outside the roster ' +
      'is 400). Quorum per RULES §F (general meeting: the §E step-15 formula) — 422 MEETING_QUORUM_NOT_MET with the numbers. ' +
      "The secretary's class (secretaryPartyClass, 书记讲党课) is taught by the organization's secretary on heldOn — " +
      '422 SECRETARY_CLASS_NOT_BY_SECRETARY naming the teacher and the date; only such a class counts for compliance.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: RecordResultDto })
  async recordMeeting(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Param('occurrenceId') occurrenceId: string,
    @Body() body: RecordMeetingDto,
    @IdempotencyKey() key: IdempotentRequest | undefined,
  ): Promise<RecordResultDto> {
    const updateId = await this.idempotency.updateId(actor, 'recordOccurrence', `${orgId}/${occurrenceId}`, key);
    return this.orgLife.record(actor, orgId, yearOf(year), occurrenceId, body, updateId);
  }

  @Get('orgs/:orgId/org-life/:year/records')
  @ApiOperation({
    summary: 'Records of the year, newest first',
    description: 'Paginated: `limit` (at most 200) and `cursor` (nextCursor of the previous page).',
  })
  @ApiOkResponse({ type: RecordListDto })
  records(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Query() query: RecordListQueryDto,
  ): Promise<RecordListDto> {
    return this.orgLife.records(actor, orgId, yearOf(year), { limit: query.limit, cursor: query.cursor });
  }

  @Get('orgs/:orgId/org-life/:year/training')
  @ApiOperation({ summary: 'Training hours per member against 32 / 56 h (RULES §F, configurable)' })
  @ApiOkResponse({ type: TrainingListDto })
  training(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
  ): Promise<TrainingListDto> {
    return this.orgLife.training(actor, orgId, yearOf(year));
  }

  @Post('orgs/:orgId/org-life/:year/training')
  @ApiOperation({ summary: 'Add training hours from courses outside the branch (the secretary)' })
  @ApiCreatedResponse({ type: TrainingListDto })
  addTraining(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Body() body: TrainingBodyDto,
  ): Promise<TrainingListDto> {
    return this.orgLife.addTraining(actor, orgId, yearOf(year), body);
  }
}
