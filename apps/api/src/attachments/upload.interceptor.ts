import {
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  mixin,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import type { Actor } from '../../../../libs/contracts';
import { BlobTooLargeError, type BlobStorage, type StagedBlob } from '../../../../libs/storage';
import { API_SETTINGS, type ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';
import type { HttpRequest } from '../common/http.types';
import { BLOB_STORAGE, type UploadedFilePart } from './attachments.service';

/** The parts an upload may have: one `file` and a few text fields. */
const MAX_FIELDS = 5;
/** What a multipart body may carry besides the file's bytes (boundaries, part headers, the text fields). */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const UPLOAD_OWNER = Symbol('uploadOwner');
type UploadRequest = HttpRequest & {
  params?: Record<string, string>;
  body?: Record<string, unknown>;
  [UPLOAD_OWNER]?: unknown;
};

/**
 * What files are uploaded to (a case, a meeting record): who may add files to it, asked before the body is read and
 * again when the file part starts.
 */
export interface UploadTarget<Owner> {
  /** Before one byte of the body: the owner the route names, if the actor may add files to it at all. */
  authorize(actor: Actor, params: Record<string, string>): Promise<Owner>;
  /**
   * When the `file` part starts, with the text fields sent before it (a step, a category); a field sent after the file
   * is checked by the route's handler, which then discards the staged file.
   */
  authorizeFields(actor: Actor, owner: Owner, fields: Record<string, unknown>): Promise<void>;
}

/** The owner the interceptor authorized the upload on (read once, before the body). */
export const UploadOwner = createParamDecorator((_data: unknown, ctx: ExecutionContext): unknown => {
  const owner = ctx.switchToHttp().getRequest<UploadRequest>()[UPLOAD_OWNER];
  if (owner === undefined) throw new Error('UploadOwner used on a route without an upload interceptor');
  return owner;
});

/** multer's file as the staging engine below hands it over */
interface MulterFile {
  originalname: string;
  mimetype: string;
  stream: NodeJS.ReadableStream;
}

/**
 * The one upload path of the API (issue 8 §6), for every owner of files: uploads are authorized before their body is
 * read and streamed to the store's staging area, never held in memory.
 * 1. before one byte of the body is read: the target's `authorize` (the actor's right on the case or record), and a
 *    declared Content-Length over the limit answers 413 right away;
 * 2. when the `file` part starts, the text fields that came before it (the console and the README send them first)
 *    go to the target's `authorizeFields` before the file's bytes are accepted;
 * 3. the bytes stream to the store's staging area with the size limit enforced while they arrive (413
 *    ATTACHMENT_TOO_LARGE); partial files are removed on every failure (limit, refusal, aborted request).
 * Part parameters (file names) are read as UTF-8, so Chinese names survive.
 */
export function UploadInterceptorFor<Owner>(target: Type<UploadTarget<Owner>>): Type<NestInterceptor> {
  @Injectable()
  class UploadInterceptor implements NestInterceptor {
    private readonly inner: NestInterceptor;
    private readonly maxBytes: number;

    constructor(
      @Inject(API_SETTINGS) settings: ApiSettings,
      @Inject(BLOB_STORAGE) storage: BlobStorage,
      @Inject(target) private readonly owners: UploadTarget<Owner>,
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
          if (!(UPLOAD_OWNER in request) || !request.actor) return cb(null, true);
          this.owners.authorizeFields(request.actor, request[UPLOAD_OWNER] as Owner, request.body ?? {}).then(
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
      req[UPLOAD_OWNER] = await this.owners.authorize(req.actor, req.params ?? {});
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > this.maxBytes + MULTIPART_OVERHEAD_BYTES) {
        context
          .switchToHttp()
          .getResponse<{ setHeader(n: string, v: string): void }>()
          .setHeader('Connection', 'close');
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
          `上传格式有误：须为multipart/form-data，含一个file文件字段及其说明字段（${err.message}）`,
          `invalid upload: multipart/form-data with one file part and its text fields expected (${err.message})`,
          { numbers: { field: 'file', maxFiles: 1, maxFields: MAX_FIELDS } },
        );
      }
      return err;
    }
  }
  return mixin(UploadInterceptor);
}
