import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { HttpRequest, HttpResponse } from './http.types';
import { MetricsService } from '../metrics/metrics.service';
import { toErrorBody } from './error-mapping';

/** The single global filter: every failure leaves the API in the ApiErrorBody shape. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  constructor(private readonly metrics: MetricsService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    const requestId = request?.id === undefined ? undefined : String(request.id);
    const body = toErrorBody(exception, requestId);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId }, 'unhandled error');
    }
    this.metrics.httpErrors.inc({ code: body.code });
    if (!response.headersSent) {
      response.status(body.statusCode).json(body);
    }
  }
}
