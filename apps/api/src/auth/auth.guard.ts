import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, type JwtVerifyOptions } from '@nestjs/jwt';
import type { HttpRequest } from '../common/http.types';
import { API_SETTINGS, type ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';
import { ActorService } from './actor.service';
import { IS_PUBLIC } from './public.decorator';

/**
 * Global guard: every route needs `Authorization: Bearer <jwt>` unless marked @Public().
 * The token's `sub` is the user id; roles and administered subtrees come from the database, never from the token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly actors: ActorService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw ApiError.unauthenticated();
    let subject: unknown;
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown }>(token, verifyOptions(this.settings));
      subject = payload.sub;
    } catch {
      throw ApiError.unauthenticated();
    }
    if (typeof subject !== 'string' || subject.length === 0) throw ApiError.unauthenticated();
    const actor = await this.actors.resolve(subject);
    if (!actor) throw ApiError.unauthenticated();
    request.actor = actor;
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  if (Array.isArray(header)) return undefined;
  if (!header) return undefined;
  const [scheme, value] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value : undefined;
}

/** Dev mode and HS256 production share JWT_SECRET; production may instead verify RS256 with JWT_PUBLIC_KEY. */
export function verifyOptions(settings: ApiSettings): JwtVerifyOptions {
  const options: JwtVerifyOptions =
    settings.authMode === 'production' && settings.jwtPublicKey
      ? { publicKey: settings.jwtPublicKey, algorithms: ['RS256'] }
      : { secret: settings.jwtSecret, algorithms: ['HS256'] };
  if (settings.jwtIssuer) options.issuer = settings.jwtIssuer;
  return options;
}
