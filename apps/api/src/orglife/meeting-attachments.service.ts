import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../../libs/contracts';
import { AttachmentRepository, OrgLifeRepository, type AttachmentRecord, type RecordView } from '../../../../libs/db';
import {
  checkMeetingAttachmentCount,
  checkMeetingAttachmentType,
  DomainRuleError,
  meetingAttachmentCategory,
  orThrow,
  type MeetingAttachmentCategory,
} from '../../../../libs/domain';
import type { AttachmentView } from '../attachments/attachments.dto';
import { AttachmentsService, toView, type UploadedFilePart } from '../attachments/attachments.service';
import type { UploadTarget } from '../attachments/upload.interceptor';
import { hasRoleAt, isAdminOver } from '../auth/actor-access';
import { ApiError } from '../common/api-error';
import { OrgLifeService, type OrgLifeContext } from './orglife.service';

/** The meeting record an upload goes to, authorized before the body was read. */
export interface MeetingRecordOwner {
  record: RecordView;
  ctx: OrgLifeContext;
}

/**
 * Attachments of a meeting record (RULES §F "Holding a meeting": sign-in sheet, photos, minutes as PDF/OFD), through
 * the API's one attachment path (UploadInterceptorFor, AttachmentsService.store): streamed to the store, authorized
 * before the body is read, the size limit enforced as the bytes arrive. The organization's secretary or an
 * administrator over it adds files; whoever may read the organization's organizational life lists and downloads them.
 */
@Injectable()
export class MeetingAttachmentsService implements UploadTarget<MeetingRecordOwner> {
  constructor(
    private readonly orgLife: OrgLifeService,
    private readonly records: OrgLifeRepository,
    private readonly attachments: AttachmentRepository,
    private readonly files: AttachmentsService,
  ) {}

  /** Before the body: the record exists, the actor files for its organization, the record has room for another file. */
  async authorize(actor: Actor, params: Record<string, string>): Promise<MeetingRecordOwner> {
    const record = await this.recordOrNotFound(String(params.recordId ?? ''));
    const ctx = await this.orgLife.context(record.orgId);
    if (!hasRoleAt(actor, 'submitter', record.orgId) && !isAdminOver(actor, ctx.orgPath)) {
      throw new ApiError(
        403,
        'NOT_AUTHORIZED_FOR_ATTACHMENT',
        '只有本组织的书记（经办人）或其上级管理员可以上传会议记录的附件',
        "only the organization's secretary (submitter) or an administrator over it may add files to its meeting records",
        { numbers: { recordId: record.recordId, orgId: record.orgId } },
      );
    }
    await this.requireRoom(record.recordId, ctx);
    return { record, ctx };
  }

  /** When the file starts: the category, when it was sent before the file. */
  async authorizeFields(_actor: Actor, _owner: MeetingRecordOwner, fields: Record<string, unknown>): Promise<void> {
    if (fields.category !== undefined) orThrow(meetingAttachmentCategory(fields.category));
  }

  async upload(
    actor: Actor,
    owner: MeetingRecordOwner,
    category: MeetingAttachmentCategory,
    file: UploadedFilePart | undefined,
  ): Promise<AttachmentView> {
    try {
      await this.requireRoom(owner.record.recordId, owner.ctx);
      const stored = await this.files.store(
        actor,
        { orglifeRecordId: owner.record.recordId, category: orThrow(meetingAttachmentCategory(category)) },
        file,
        (contentType) => {
          const refused = checkMeetingAttachmentType(category, contentType);
          if (!refused) return;
          throw new ApiError(415, refused.code, refused.message, refused.messageEn, {
            rule: refused.rule,
            numbers: refused.numbers,
          });
        },
      );
      return toView(stored);
    } finally {
      await file?.staged.discard();
    }
  }

  async list(actor: Actor, recordId: string): Promise<AttachmentView[]> {
    const record = await this.recordOrNotFound(recordId);
    await this.orgLife.requireReader(actor, await this.orgLife.context(record.orgId));
    return (await this.attachments.listForOrgLifeRecord(recordId)).map(toView);
  }

  async download(actor: Actor, id: string): Promise<{ record: AttachmentRecord; bytes: Buffer }> {
    const file = await this.attachments.get(id);
    const record = file?.orglifeRecordId ? await this.records.getRecord(file.orglifeRecordId) : null;
    if (!file || !record) throw ApiError.notFound('ATTACHMENT_NOT_FOUND', '未找到该附件', 'Attachment not found');
    await this.orgLife.requireReader(actor, await this.orgLife.context(record.orgId));
    return { record: file, bytes: await this.files.bytesOf(file) };
  }

  private async requireRoom(recordId: string, ctx: OrgLifeContext): Promise<void> {
    const refused = checkMeetingAttachmentCount(await this.attachments.countForOrgLifeRecord(recordId), ctx.policy);
    if (refused) throw new DomainRuleError(refused);
  }

  private async recordOrNotFound(recordId: string): Promise<RecordView> {
    const record = await this.records.getRecord(recordId);
    if (!record) throw ApiError.notFound('RECORD_NOT_FOUND', '未找到该记录', 'Record not found');
    return record;
  }
}
