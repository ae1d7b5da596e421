import {
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import type { CaseState } from '../../../../libs/contracts';
import { BlobTooLargeError, type BlobStorage, type StagedBlob } from '../../../../libs/storage';
import { API_SETTINGS, type ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';
import type { HttpRequest } from '../common/http.types';
import { AttachmentsService, BLOB_STORAGE, type UploadedFilePart } from './attachments.service';

/** The parts an upload may have: one `file` and a few text fields. */
const MAX_FIELDS = 5;
/** What a multipart body may carry besides the file's bytes (boundaries, part headers, the text fields). */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const UPLOAD_CASE = Symbol('uploadCase');
type UploadRequest = HttpRequest & {
  params?: Record<string, string>;
  body?: Record<string, unknown>;
  [UPLOAD_CASE]?: CaseState;
};

/** The case the interceptor authorized the upload on (read once, before the body). */
export const UploadCase = createParamDecorator((_data: unknown, ctx: ExecutionContext): CaseState => {
  const state = ctx.switchToHttp().getRequest<UploadRequest>()[UPLOAD_CASE];
  if (!state) throw new Error('UploadCase used on a route without AttachmentUploadInterceptor');
  return state;
});

/** multer's file as the staging engine below hands it over */
interface MulterFile {
  originalname: string;
  mimetype: string;
  stream: NodeJS.ReadableStream;
}

/**
 * Uploads are authorized before their body is read and streamed to the store's staging area, never held in memory
 * (issue 8 §6):
 * 1. before one byte of the body is read: the actor must be allowed to add evidence to the case (visible, a submitter
 *    or approver of its organization or of a body of its tasks, or an administrator over it; active unless admin),
 *    and a declared Content-Length over the limit answers 413 right away;
 * 2. when the `file` part starts and the `step` field came before it (the console and the README send it first), the
 *    right on that step is checked before the file's bytes are accepted; a step that comes after the file is checked
 *    by the service, which then discards the staged file;
 * 3. the bytes stream to the store's staging area with the size limit enforced while they arrive (413
 *    ATTACHMENT_TOO_LARGE); partial files are removed on every failure (limit, refusal, aborted request).
 * Part parameters (file names) are read as UTF-8, so Chinese names survive.
 */
@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;
  private readonly maxBytes: number;

  constructor(
    @Inject(API_SETTINGS) settings: ApiSettings,
    @Inject(BLOB_STORAGE) storage: BlobStorage,
    private readonly attachments: AttachmentsService,
  ) {
    this.maxBytes = settings.storage.maxBytes;
    const maxBytes = this.maxBytes;
    const engine = {
      _handleFile(_req: unknown, file: MulterFile, cb: (err: unknown, info?: Partial<UploadedFilePart>) => void) {
        storage.stage(file.stream, { maxBytes }).then(
          (staged) => cb(null, { size: staged.sizeBytes, staged }),
          (err: unknown) => cb(err),
        );
      },
      _removeFile(_req: unknown, file: { staged?: StagedBlob }, cb: (err: unknown) => void) {
        if (!file.staged) return cb(null);
        file.staged.discard().then(
          () => cb(null),
          (err: unknown) => cb(err),
        );
      },
    };
    const Multer = FileInterceptor('file', {
      storage: engine,
      // busboy stops the file one byte past this; the staging stream refuses it at the same point
      limits: { fileSize: maxBytes, files: 1, fields: MAX_FIELDS, parts: MAX_FIELDS + 1, fieldSize: 1024 },
      fileFilter: (req, _file, cb) => {
        const request = req as unknown as UploadRequest;
        const step = request.body?.step;
        const state = request[UPLOAD_CASE];
        if (typeof step !== 'string' || !state || !request.actor) return cb(null, true);
        this.attachments.authorizeStep(request.actor, state, step).then(
          () => cb(null, true),
          (err: Error) => cb(err, false),
        );
      },
      // multer option (not in Nest's MulterOptions type): header parameters without a charset are UTF-8
      ...({ defParamCharset: 'utf8' } as object),
    });
    this.inner = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    if (!req.actor) throw ApiError.unauthenticated();
    req[UPLOAD_CASE] = await this.attachments.authorizeCase(req.actor, String(req.params?.caseId ?? ''));
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes + MULTIPART_OVERHEAD_BYTES) {
      context.switchToHttp().getResponse<{ setHeader(n: string, v: string): void }>().setHeader('Connection', 'close');
      throw this.tooLarge(declared);
    }
    try {
      return (await this.inner.intercept(context, next)) as Observable<unknown>;
    } catch (err) {
      throw this.mapped(err);
    }
  }

  private tooLarge(sizeBytes?: number): ApiError {
    const maxBytes = this.maxBytes;
    const maxMiB = Math.round((maxBytes / 1024 / 1024) * 100) / 100;
    return new ApiError(
      413,
      'ATTACHMENT_TOO_LARGE',
      `附件（file）超过大小上限${maxBytes}字节（${maxMiB} MiB）`,
      `file exceeds the size limit of ${maxBytes} bytes (${maxMiB} MiB)`,
      { numbers: { field: 'file', maxBytes, ...(sizeBytes !== undefined ? { requestBytes: sizeBytes } : {}) } },
    );
  }

  private mapped(err: unknown): unknown {
    if (err instanceof BlobTooLargeError) return this.tooLarge();
    if (!(err instanceof HttpException)) return err;
    if (err.getStatus() === 413) return this.tooLarge();
    if (err.getStatus() === 400) {
      return new ApiError(
        400,
        'ATTACHMENT_MULTIPART_INVALID',
        `上传格式有误：须为multipart/form-data，含一个file文件字段和step字段（${err.message}）`,
        `invalid upload: multipart/form-data with one file part and a step field expected (${err.message})`,
        { numbers: { field: 'file', maxFiles: 1, maxFields: MAX_FIELDS } },
      );
    }
    return err;
  }
}
