import { createPublicKey, type JsonWebKey } from 'node:crypto';

interface Jwk extends JsonWebKey {
  kid?: string;
  use?: string;
  alg?: string;
}

/** Asymmetric algorithms accepted from an identity provider; never HS* (a public key used as an HMAC secret). */
const ALGORITHMS_BY_KTY: Record<string, string[]> = {
  RSA: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  EC: ['ES256', 'ES384', 'ES512'],
};

export interface VerificationKey {
  pem: string;
  algorithms: string[];
}

/**
 * The identity provider's signing keys from its JSON Web Key Set (`JWT_JWKS_URL`), as PEM for the JWT library, read
 * with fetch and node:crypto (`jose` 6 is ESM-only). Fetched on first use and again when a token names a key id not
 * yet known (key rotation at the provider), at most once per `minRefreshMs`; a provider that cannot be reached
 * means the token is not accepted (401), never a server error.
 */
export class JwksKeySource {
  private keys = new Map<string, VerificationKey>();
  private fetchedAt = 0;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly minRefreshMs = 30_000,
    private readonly fetchJson: (url: string) => Promise<unknown> = defaultFetchJson,
  ) {}

  async keyFor(kid: string | undefined): Promise<VerificationKey | null> {
    const known = this.pick(kid);
    if (known) return known;
    // a fetch under way answers every token that arrives meanwhile; a recent one is not repeated for an unknown kid
    if (!this.pending && this.fetchedAt > 0 && Date.now() - this.fetchedAt < this.minRefreshMs) return null;
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    await this.pending;
    return this.pick(kid);
  }

  private pick(kid: string | undefined): VerificationKey | null {
    if (kid !== undefined) return this.keys.get(kid) ?? null;
    // a token without `kid`: only unambiguous when the set holds one key
    return this.keys.size === 1 ? [...this.keys.values()][0]! : null;
  }

  private async refresh(): Promise<void> {
    this.fetchedAt = Date.now();
    let body: unknown;
    try {
      body = await this.fetchJson(this.url);
    } catch {
      this.fetchedAt = 0; // unreachable: try again with the next token
      return;
    }
    const keys = new Map<string, VerificationKey>();
    const list = (body as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(list)) return;
    list.forEach((raw, index) => {
      const jwk = raw as Jwk;
      if (jwk.use !== undefined && jwk.use !== 'sig') return;
      const allowed = ALGORITHMS_BY_KTY[jwk.kty ?? ''];
      if (!allowed) return;
      const algorithms = jwk.alg ? allowed.filter((a) => a === jwk.alg) : allowed;
      if (algorithms.length === 0) return;
      try {
        const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
        keys.set(jwk.kid ?? `#${index}`, { pem, algorithms });
      } catch {
        // a key node:crypto cannot read is skipped
      }
    });
    this.keys = keys;
  }
}

async function defaultFetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`JWKS ${url}: HTTP ${response.status}`);
  return response.json();
}
