import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor, CaseState } from '../../../../libs/contracts';
import {
  AttachmentRepository,
  InboxRepository,
  type AttachmentOwner,
  type AttachmentRecord,
} from '../../../../libs/db';
import { contentKey, type BlobStorage, type StagedBlob } from '../../../../libs/storage';
import { API_SETTINGS, type ApiSettings } from '../api-settings';
import { hasRoleAt, isAdminOver } from '../auth/actor-access';
import { CasesService } from '../cases/cases.service';
import { ApiError } from '../common/api-error';
import { stepNumberOf } from '../dossier/dossier-steps';
import { redactAdmissionState } from '../dossier/restricted-access';
import type { AttachmentView } from './attachments.dto';
import { cleanFileName } from './content-disposition';
import { ALLOWED_ATTACHMENT_TYPES, ATTACHMENT_TYPES, sniffAttachmentSource } from './file-type.sniffer';
import type { UploadTarget } from './upload.interceptor';

export const BLOB_STORAGE = Symbol('BLOB_STORAGE');

/** The file part as the upload interceptor hands it over: streamed into the store's staging area. */
export interface UploadedFilePart {
  originalname: string;
  mimetype: string;
  size: number;
  staged: StagedBlob;
}

/** Types a browser may declare without knowing better; the content decides then. */
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/zip']);

/** A development case has 25 steps (RULES §E): evidence belongs to a step E1–E25 as such (not E05, not E17-PG). */
function isAdmissionStep(step: string): boolean {
  const n = stepNumberOf(step);
  return n !== null && step === `E${n}`;
}

/**
 * Evidence files of a case's steps (RULES §E "every step records … evidence"), checked, hashed, stored; the same
 * checks and store serve the files of organizational-life meeting records (`store`).
 */
@Injectable()
export class AttachmentsService implements UploadTarget<CaseState> {
  constructor(
    private readonly cases: CasesService,
    private readonly attachments: AttachmentRepository,
    private readonly inbox: InboxRepository,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /**
   * May the actor add evidence to this case at all (some step)? Checked before the body of an upload is read: the case
   * is visible to them, they are a submitter or approver of its organization or of a body of one of its tasks, or an
   * administrator over it; and it is active unless they are an administrator.
   */
  async authorizeCase(actor: Actor, caseId: string): Promise<CaseState> {
    const state = await this.cases.getVisibleCase(actor, caseId);
    await this.requireUploader(actor, state, null);
    return state;
  }

  /** The upload path's check before the body (the route names the case). */
  authorize(actor: Actor, params: Record<string, string>): Promise<CaseState> {
    return this.authorizeCase(actor, String(params.caseId ?? ''));
  }

  /** The upload path's check when the file starts: the step, when it was sent before the file. */
  async authorizeFields(actor: Actor, state: CaseState, fields: Record<string, unknown>): Promise<void> {
    if (typeof fields.step === 'string') await this.authorizeStep(actor, state, fields.step);
  }

  /** May the actor add evidence to this step of the case (a valid step, their right on its body)? */
  async authorizeStep(actor: Actor, state: CaseState, step: string): Promise<void> {
    if (state.procedure === 'admission' && !isAdmissionStep(step)) {
      throw new ApiError(
        400,
        'ATTACHMENT_STEP_INVALID',
        `step须为发展党员的步骤E1至E25，收到${step}`,
        `step must be a member-development step E1 to E25, got ${step}`,
        { rule: 'RULES §E', numbers: { field: 'step', min: 1, max: 25 } },
      );
    }
    await this.requireUploader(actor, state, step);
  }

  /** Checks the staged file and files it under its content hash; the staged bytes are removed on every refusal. */
  async upload(
    actor: Actor,
    state: CaseState,
    step: string,
    file: UploadedFilePart | undefined,
  ): Promise<AttachmentView> {
    try {
      return await this.accept(actor, state, step, file);
    } finally {
      await file?.staged.discard();
    }
  }

  private async accept(
    actor: Actor,
    state: CaseState,
    step: string,
    file: UploadedFilePart | undefined,
  ): Promise<AttachmentView> {
    await this.authorizeStep(actor, state, step);
    return toView(await this.store(actor, { caseId: state.caseId, step }, file));
  }

  /**
   * Checks a staged file (present, not empty, within the size limit, an allowed type by its content and as declared,
   * and whatever `fits` the owner asks of its detected type) and files it under its content hash for `owner`. The
   * caller discards the staged bytes afterwards, on success and refusal alike.
   */
  async store(
    actor: Actor,
    owner: AttachmentOwner,
    file: UploadedFilePart | undefined,
    fits?: (contentType: string) => void,
  ): Promise<AttachmentRecord> {
    if (!file) {
      throw new ApiError(400, 'ATTACHMENT_FILE_MISSING', '缺少文件字段file', 'the file part is missing', {
        numbers: { field: 'file' },
      });
    }
    const maxBytes = this.settings.storage.maxBytes;
    const size = file.staged.sizeBytes;
    if (size === 0) {
      throw new ApiError(400, 'ATTACHMENT_EMPTY', '附件（file）为空文件', 'the file is empty', {
        numbers: { field: 'file', sizeBytes: 0 },
      });
    }
    if (size > maxBytes) {
      throw new ApiError(
        413,
        'ATTACHMENT_TOO_LARGE',
        `附件（file）${size}字节，超过上限${maxBytes}字节`,
        `file has ${size} bytes, over the limit of ${maxBytes} bytes`,
        { numbers: { field: 'file', sizeBytes: size, maxBytes } },
      );
    }
    const kind = await sniffAttachmentSource(file.staged);
    const declared = (file.mimetype ?? '').split(';')[0]!.trim().toLowerCase();
    if (!kind) {
      throw new ApiError(
        415,
        'ATTACHMENT_TYPE_NOT_ALLOWED',
        `附件（file）的内容不是允许的类型（PDF、JPEG、PNG、OFD、DOCX），声明类型为${declared || '空'}`,
        `file content is none of the allowed types (PDF, JPEG, PNG, OFD, DOCX); declared ${declared || 'none'}`,
        { numbers: { field: 'file', declaredType: declared, allowed: ALLOWED_ATTACHMENT_TYPES.join(', ') } },
      );
    }
    const detected = ATTACHMENT_TYPES[kind];
    if (!GENERIC_TYPES.has(declared) && declared !== detected) {
      throw new ApiError(
        415,
        'ATTACHMENT_TYPE_MISMATCH',
        `附件（file）声明类型为${declared}，但内容是${detected}`,
        `file is declared as ${declared} but its content is ${detected}`,
        { numbers: { field: 'file', declaredType: declared, detectedType: detected } },
      );
    }
    fits?.(detected);
    const sha256 = file.staged.sha256;
    const storageKey = contentKey(sha256);
    // identical content is stored once; the staged copy is then discarded by the caller
    if (!(await this.storage.exists(storageKey))) await file.staged.commit(storageKey);
    return this.attachments.insert({
      id: `att-${randomUUID()}`,
      owner,
      fileName: cleanFileName(file.originalname),
      contentType: detected,
      sizeBytes: size,
      sha256,
      storageKey,
      uploadedBy: actor.userId,
    });
  }

  /** The stored bytes of an attachment (503 when the store lost them). */
  async bytesOf(record: AttachmentRecord): Promise<Buffer> {
    const bytes = await this.storage.get(record.storageKey);
    if (!bytes) {
      throw new ApiError(
        503,
        'ATTACHMENT_CONTENT_MISSING',
        '附件内容在存储中缺失',
        'The attachment content is missing from storage',
      );
    }
    return bytes;
  }

  /**
   * Who may add evidence to a step: a submitter or approver of the case's organization or of the body of that step's
   * task (the party group and upper committee for theirs), or an administrator over the case; on an active case only,
   * except that administrators still file into a closed case (archiving, RULES §E step 25). With no step (before the
   * upload's body is read): the body of any task of the case.
   */
  private async requireUploader(actor: Actor, state: CaseState, step: string | null): Promise<void> {
    const admin = isAdminOver(actor, state.orgPath);
    if (!admin) {
      const tasks = [...state.pendingTasks, ...(await this.inbox.listForCase(state.caseId))];
      // a step's tasks: 'E17' and the party group's 'E17-PG' before it
      const bodies = tasks
        .filter((t) => step === null || t.step === step || t.step.startsWith(`${step}-`))
        .map((t) => t.assignedBodyId)
        .filter((b): b is string => b !== null);
      const acts = (node: string) => hasRoleAt(actor, 'submitter', node) || hasRoleAt(actor, 'approver', node);
      if (![state.orgId, ...bodies].some(acts)) {
        const which = step ?? '任一步骤';
        throw new ApiError(
          403,
          'NOT_AUTHORIZED_FOR_ATTACHMENT',
          `只有本组织或${which}承办机构的经办人、审批人，或其上级管理员，可以上传该步骤的材料`,
          `only a submitter or approver of the case's organization or of the body handling ${step ?? 'a step'}, ` +
            'or an administrator over the case, may add evidence to it',
          {
            numbers: {
              caseId: state.caseId,
              ...(step !== null ? { step } : {}),
              orgId: state.orgId,
              bodies: [...new Set(bodies)].join(','),
            },
          },
        );
      }
    }
    if (state.status !== 'active' && !admin) {
      throw new ApiError(
        409,
        'CASE_NOT_ACTIVE',
        `事项已结束（状态：${state.status}），只有管理员可以补充归档材料`,
        `the case is ${state.status}; only an administrator may still add evidence (archiving, RULES §E step 25)`,
        { rule: 'RULES §E step 25', numbers: { caseId: state.caseId, status: state.status } },
      );
    }
  }

  /** A case's evidence for someone who may see the case; political review evidence only for those cleared (H-15). */
  async list(actor: Actor, caseId: string): Promise<AttachmentView[]> {
    const state = await this.cases.getVisibleCase(actor, caseId);
    const rows = await this.attachments.listForCase(state.caseId);
    return redactAdmissionState(actor, state, { attachments: rows }).attachments.map(toView);
  }

  /** A case's file (a meeting record's files are read through organizational life, which knows their readers). */
  async download(actor: Actor, id: string): Promise<{ record: AttachmentRecord; bytes: Buffer }> {
    const record = await this.attachments.get(id);
    if (!record || record.caseId === null) {
      throw ApiError.notFound('ATTACHMENT_NOT_FOUND', '未找到该附件', 'Attachment not found');
    }
    const state: CaseState = await this.cases.getVisibleCase(actor, record.caseId);
    if (redactAdmissionState(actor, state, { attachments: [record] }).withheldAttachments.length > 0) {
      throw ApiError.forbidden(
        'ATTACHMENT_RESTRICTED',
        '政治审查材料仅限管理员和上级党委查看',
        'Political review evidence is for administrators and the upper committee only',
      );
    }
    return { record, bytes: await this.bytesOf(record) };
  }
}

export function toView(r: AttachmentRecord): AttachmentView {
  return {
    id: r.id,
    caseId: r.caseId,
    step: r.step,
    recordId: r.orglifeRecordId,
    category: r.category,
    fileName: r.fileName,
    contentType: r.contentType,
    sizeBytes: r.sizeBytes,
    sha256: r.sha256,
    uploadedBy: r.uploadedBy,
    uploadedAt: r.uploadedAt,
    downloadUrl:
      r.orglifeRecordId !== null
        ? `/api/org-life/attachments/${encodeURIComponent(r.id)}`
        : `/api/attachments/${encodeURIComponent(r.id)}`,
  };
}
