import { type ExecutionContext, Injectable, Logger, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  ThrottlerGuard,
  ThrottlerModule,
  ThrottlerStorageService,
  type ThrottlerLimitDetail,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { RateLimitRepository, type Database } from '../../../../libs/db';
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

const SWEEP_EVERY_MS = 60_000;

/**
 * Counters every API process of a deployment shares (PostgreSQL, `rate_limit_hits`): with two or more API processes
 * behind a load balancer, a per-process memory store would let each process grant the whole limit. When the database
 * does not answer, the process falls back to its own memory counters for that hit (a limit still holds, per process)
 * rather than failing the request. Expired counters are swept by the process that notices, at most once a minute.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  private readonly repository: RateLimitRepository;
  private readonly fallback = new ThrottlerStorageService();
  private readonly logger = new Logger('RateLimit');
  private lastSweep = 0;

  constructor(
    database: Database,
    private readonly clock: () => number = Date.now,
  ) {
    this.repository = new RateLimitRepository(database);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    const now = this.clock();
    let counter;
    try {
      counter = await this.repository.hit(key, now, ttl, limit, blockDuration);
    } catch (err) {
      this.logger.warn(`shared rate-limit counter unavailable, counting in this process: ${(err as Error).message}`);
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    if (now - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = now;
      void this.repository.sweep(now).catch(() => undefined);
    }
    const isBlocked = counter.blockedUntil > now;
    return {
      totalHits: counter.hits,
      timeToExpire: Math.max(0, Math.ceil((counter.windowEndsAt - now) / 1000)),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((counter.blockedUntil - now) / 1000) : 0,
    };
  }
}

/**
 * The throttler module for AppModule's imports. On PostgreSQL (the production shape: several API processes) the
 * counters live in the database, shared; on embedded PGlite, which admits one process, in that process's memory.
 */
export function rateLimitModule(settings: Pick<ApiSettings, 'rateLimit'>, database: Database) {
  return ThrottlerModule.forRoot({
    throttlers: [
      { name: 'token', ttl: 60_000, limit: settings.rateLimit.tokenPerMinute },
      { name: 'write', ttl: 60_000, limit: settings.rateLimit.writePerMinute },
    ],
    ...(database.kind === 'postgres' ? { storage: new SharedThrottlerStorage(database) } : {}),
  });
}

/** Registered after the auth guard. */
export const RATE_LIMIT_GUARD: Provider = { provide: APP_GUARD, useClass: RateLimitGuard };
