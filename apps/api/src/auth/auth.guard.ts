import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { HttpRequest } from '../common/http.types';
import { API_SETTINGS, type ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';
import { ActorService } from './actor.service';
import { IS_PUBLIC } from './public.decorator';
import { TokenVerifier } from './token-verifier';

export { verifyOptions } from './token-verifier';

/**
 * Global guard: every route needs `Authorization: Bearer <jwt>` unless marked @Public().
 * The token's `sub` is the user id; roles and administered subtrees come from the database, never from the token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: TokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    jwt: JwtService,
    private readonly actors: ActorService,
    @Inject(API_SETTINGS) settings: ApiSettings,
  ) {
    this.tokens = new TokenVerifier(jwt, settings);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw ApiError.unauthenticated();
    const subject = await this.tokens.subject(token);
    if (subject === null) throw ApiError.unauthenticated();
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
