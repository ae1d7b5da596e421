import type { JwtService, JwtVerifyOptions } from '@nestjs/jwt';
import type { ApiSettings } from '../api-settings';
import { JwksKeySource } from './jwks-key-source';

/**
 * Checks a bearer token and returns its subject, or null (401). Fails closed: the signature (HS256 secret, RS256
 * public key, or the provider's JWKS), the issuer, the configured audience and an `exp` claim are all required.
 */
export class TokenVerifier {
  private readonly jwks: JwksKeySource | null;

  constructor(
    private readonly jwt: JwtService,
    private readonly settings: ApiSettings,
  ) {
    this.jwks = settings.authMode === 'production' && settings.jwksUrl ? new JwksKeySource(settings.jwksUrl) : null;
  }

  async subject(token: string): Promise<string | null> {
    let payload: { sub?: unknown; exp?: unknown };
    try {
      payload = await this.jwt.verifyAsync<{ sub?: unknown; exp?: unknown }>(token, await this.optionsFor(token));
    } catch {
      return null;
    }
    // jsonwebtoken accepts a token without `exp`; a token that never expires is refused here
    if (typeof payload.exp !== 'number') return null;
    return typeof payload.sub === 'string' && payload.sub.length > 0 ? payload.sub : null;
  }

  private async optionsFor(token: string): Promise<JwtVerifyOptions> {
    const common: JwtVerifyOptions = { audience: this.settings.jwtAudience };
    if (this.settings.jwtIssuer) common.issuer = this.settings.jwtIssuer;
    const header = this.jwt.decode<{ header?: { kid?: unknown; alg?: unknown } } | null>(token, {
      complete: true,
    })?.header;
    const alg = typeof header?.alg === 'string' ? header.alg : '';
    if (this.settings.authMode === 'production' && this.jwks && !alg.startsWith('HS')) {
      const key = await this.jwks.keyFor(typeof header?.kid === 'string' ? header.kid : undefined);
      if (!key) throw new Error('no matching key in the JWKS');
      return { ...common, publicKey: key.pem, algorithms: key.algorithms as JwtVerifyOptions['algorithms'] };
    }
    return verifyOptions(this.settings);
  }
}

/** Dev mode and HS256 production share JWT_SECRET; production may instead verify RS256 with JWT_PUBLIC_KEY. */
export function verifyOptions(settings: ApiSettings): JwtVerifyOptions {
  let options: JwtVerifyOptions;
  if (settings.authMode === 'production' && settings.jwtPublicKey) {
    options = { publicKey: settings.jwtPublicKey, algorithms: ['RS256'] };
  } else if (settings.jwtSecret) {
    options = { secret: settings.jwtSecret, algorithms: ['HS256'] };
  } else {
    throw new Error('no key configured for this token');
  }
  if (settings.jwtIssuer) options.issuer = settings.jwtIssuer;
  options.audience = settings.jwtAudience;
  return options;
}
