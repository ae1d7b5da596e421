import { Body, Controller, Get, Param, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor, CaseState } from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { HttpResponse } from '../common/http.types';
import { AttachmentListDto, AttachmentViewDto, UPLOAD_BODY_DOC, UploadAttachmentDto } from './attachments.dto';
import { AttachmentsService, type UploadedFilePart } from './attachments.service';
import { contentDisposition } from './content-disposition';
import { UploadInterceptorFor, UploadOwner } from './upload.interceptor';

/** Uploads to a case: authorized on the case before the body, on the step when the file starts. */
export const AttachmentUploadInterceptor = UploadInterceptorFor(AttachmentsService);

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Evidence for one step of a case (RULES §E: every step records its evidence). */
  @Post('cases/:caseId/attachments')
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiOperation({
    summary: 'Upload evidence for a case step',
    description:
      'multipart/form-data with `step` and one `file`, `step` first (PDF, JPEG, PNG, OFD or DOCX, recognized by ' +
      'content; ' +
      "ATTACHMENT_MAX_BYTES, default 20 MiB). A submitter or approver of the case's organization or of the body " +
      "of that step's task, or an administrator over the case (else 403 NOT_AUTHORIZED_FOR_ATTACHMENT; 403 " +
      'NOT_VISIBLE for users who may not see the case); the case must be active (409 CASE_NOT_ACTIVE), except for ' +
      'administrators archiving into a closed case (RULES §E step 25). 413 ATTACHMENT_TOO_LARGE, 415 ' +
      'ATTACHMENT_TYPE_NOT_ALLOWED / ATTACHMENT_TYPE_MISMATCH. The right on the case is checked before the body is ' +
      'read and the right on the step before the file is accepted; the file streams to storage with the size limit ' +
      'enforced as it arrives.',
  })
  @ApiParam({ name: 'caseId', type: String })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY_DOC)
  @ApiCreatedResponse({ type: AttachmentViewDto })
  upload(
    @CurrentActor() actor: Actor,
    @UploadOwner() state: CaseState,
    @Body() body: UploadAttachmentDto,
    @UploadedFile() file: UploadedFilePart | undefined,
  ): Promise<AttachmentViewDto> {
    return this.attachments.upload(actor, state, body.step, file);
  }

  @Get('cases/:caseId/attachments')
  @ApiOkResponse({ type: AttachmentListDto })
  async list(@CurrentActor() actor: Actor, @Param('caseId') caseId: string): Promise<AttachmentListDto> {
    return { items: await this.attachments.list(actor, caseId) };
  }

  /** The file as uploaded, with its UTF-8 name (RFC 5987 `filename*`). */
  @Get('attachments/:id')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file' })
  async download(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<StreamableFile> {
    const { record, bytes } = await this.attachments.download(actor, id);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Attachment-Sha256', record.sha256);
    return new StreamableFile(bytes, {
      type: record.contentType,
      length: bytes.length,
      disposition: contentDisposition(record.fileName),
    });
  }
}
