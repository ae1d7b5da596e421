import { type ExecutionContext, Injectable, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import type { ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';
import type { HttpRequest } from '../common/http.types';
import { AuthController } from './auth.controller';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Rate limits (issue 8 §4, @nestjs/throttler): the token endpoints per client address (`token`), and every write
 * (POST/PUT/PATCH/DELETE) per signed-in user (`write`); reads are not limited. Per minute, from RATE_LIMIT_* (defaults
 * generous enough for a clerk's ballot entry and the test tiers). Runs after the auth guard, so writes count per user.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const request = props.context.switchToHttp().getRequest<HttpRequest>();
    const isToken = props.context.getClass() === AuthController;
    const applies = props.throttler.name === 'token' ? isToken : !isToken && WRITE_METHODS.has(request.method ?? '');
    if (!applies) return true;
    return super.handleRequest(props);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const actor = (req as unknown as HttpRequest).actor;
    return actor ? `user:${actor.userId}` : `ip:${String(req.ip ?? '')}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new ApiError(
      429,
      'RATE_LIMITED',
      `请求过于频繁，请在${detail.timeToBlockExpire}秒后重试`,
      `Too many requests; retry in ${detail.timeToBlockExpire} s`,
      { numbers: { limit: detail.limit, perSeconds: Math.round(detail.ttl / 1000) } },
    );
  }
}

/** The throttler module for AppModule's imports. */
export function rateLimitModule(settings: Pick<ApiSettings, 'rateLimit'>) {
  return ThrottlerModule.forRoot({
    throttlers: [
      { name: 'token', ttl: 60_000, limit: settings.rateLimit.tokenPerMinute },
      { name: 'write', ttl: 60_000, limit: settings.rateLimit.writePerMinute },
    ],
  });
}

/** Registered after the auth guard. */
export const RATE_LIMIT_GUARD: Provider = { provide: APP_GUARD, useClass: RateLimitGuard };
