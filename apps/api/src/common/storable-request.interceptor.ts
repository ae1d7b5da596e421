import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { unstorableTextPath } from '../../../../libs/contracts';
import { ApiError } from './api-error';

/**
 * Text PostgreSQL cannot store (NUL, unpaired surrogates) in a path parameter, the query string or a JSON body is
 * refused with 400 naming where it is (`path.personId`, `query.ids`, `body.comment`) before any handler reads it: such
 * text reaching a query fails in the database (500), reaching a case it would wedge it (issue 8 §2).
 */
@Injectable()
export class StorableRequestInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<{ params?: unknown; query?: unknown; body?: unknown }>();
      for (const [where, value] of [
        ['path', req.params],
        ['query', req.query],
        ['body', req.body],
      ] as const) {
        const found = unstorableTextPath(value);
        if (found !== null) {
          const field = found === '(value)' ? where : `${where}.${found}`;
          throw new ApiError(
            400,
            'TEXT_NOT_STORABLE',
            `${field}：含有无法保存的字符（NUL或不成对的代理字符）`,
            `${field}: contains a character that cannot be stored (NUL or an unpaired surrogate)`,
            { numbers: { field } },
          );
        }
      }
    }
    return next.handle();
  }
}
