import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../../../../libs/contracts';
import { ApiError } from '../common/api-error';
import type { HttpRequest } from '../common/http.types';

/** The Actor the auth guard resolved from the bearer token; never taken from the request body. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<HttpRequest>().actor;
  if (!actor) throw ApiError.unauthenticated();
  return actor;
});
