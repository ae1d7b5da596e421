import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { API_SETTINGS, type ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';

/** The parts an upload may have: one `file` and a few text fields. */
const MAX_FIELDS = 5;

/**
 * Multipart parsing with the multer that @nestjs/platform-express ships, in memory, limited to the configured size
 * (ATTACHMENT_MAX_BYTES). Part parameters (file names) are read as UTF-8, so Chinese names survive. Multer's own
 * errors become API errors that name the field and carry the numbers.
 */
@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;
  private readonly maxBytes: number;

  constructor(@Inject(API_SETTINGS) settings: ApiSettings) {
    this.maxBytes = settings.storage.maxBytes;
    const Multer = FileInterceptor('file', {
      limits: { fileSize: this.maxBytes, files: 1, fields: MAX_FIELDS, parts: MAX_FIELDS + 1 },
      // multer option (not in Nest's MulterOptions type): header parameters without a charset are UTF-8
      ...({ defParamCharset: 'utf8' } as object),
    });
    this.inner = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return (await this.inner.intercept(context, next)) as Observable<unknown>;
    } catch (err) {
      throw this.mapped(err);
    }
  }

  private mapped(err: unknown): unknown {
    if (!(err instanceof HttpException)) return err;
    const maxBytes = this.maxBytes;
    const maxMiB = Math.round((maxBytes / 1024 / 1024) * 100) / 100;
    if (err.getStatus() === 413) {
      return new ApiError(
        413,
        'ATTACHMENT_TOO_LARGE',
        `附件（file）超过大小上限${maxBytes}字节（${maxMiB} MiB）`,
        `file exceeds the size limit of ${maxBytes} bytes (${maxMiB} MiB)`,
        { numbers: { field: 'file', maxBytes } },
      );
    }
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
