import { createHash, randomBytes } from 'node:crypto';

/** One key of a ring: its id (written next to what it signed or encrypted) and its bytes. */
export interface TrustKey {
  kid: string;
  key: Uint8Array;
}

/**
 * Keys shared by the API and the worker (issue 8 §4): the actor-assertion HMAC keys and the payload-encryption keys.
 * In each ring the first key signs or encrypts; every key verifies or decrypts (rotation: add the new key first, keep
 * the old one until nothing needs it).
 */
export interface TrustConfig {
  assertion: { keys: TrustKey[]; maxAgeMs: number };
  payload: { keys: TrustKey[] };
  /** true when process-local development keys are in use (AUTH_MODE=dev without keys of its own) */
  devKeys: boolean;
}

/** Shortest accepted HS256 secret (RFC 7518 §3.2: a key at least as long as the hash output). */
export const MIN_JWT_SECRET_BYTES = 32;

/**
 * Keys of this process alone, used only in AUTH_MODE=dev when none are configured: in-process uses (tests, the OpenAPI
 * export). They are random, so no key known to anyone else ever signs or encrypts. The entry points (`npm start`'s
 * launcher, the API, the worker, the tools) fill unset keys from the install's own file first (install-keys.ts), so the
 * processes of one install agree; production refuses to start without configured keys.
 */
export const DEV_ASSERTION_KEY: TrustKey = { kid: 'dev', key: new Uint8Array(randomBytes(32)) };
export const DEV_PAYLOAD_KEY: TrustKey = { kid: 'dev', key: new Uint8Array(randomBytes(32)) };

/**
 * Parses `kid:base64[,kid:base64…]` (a lone `base64` gets the id `k` + the first 8 hex digits of its SHA-256).
 * Returns the keys or the reason the text is refused.
 */
export function parseKeyRing(
  text: string,
  size: { min: number; exact?: boolean },
): { keys: TrustKey[] } | { error: string } {
  const keys: TrustKey[] = [];
  for (const entry of text.split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const kid = colon > 0 ? entry.slice(0, colon) : undefined;
    const encoded = colon > 0 ? entry.slice(colon + 1) : entry;
    if (kid !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(kid)) {
      return { error: `key id "${kid}" must be 1-32 letters, digits, _ or -` };
    }
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded))
      return { error: 'each key must be base64 (openssl rand -base64 32)' };
    const key = new Uint8Array(Buffer.from(encoded, 'base64'));
    if (size.exact ? key.length !== size.min : key.length < size.min) {
      return {
        error: `key ${kid ?? keys.length + 1} has ${key.length} bytes; ${size.exact ? 'exactly' : 'at least'} ${size.min} are required`,
      };
    }
    const id = kid ?? `k${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
    if (keys.some((k) => k.kid === id)) return { error: `key id "${id}" appears twice` };
    keys.push({ kid: id, key });
  }
  if (keys.length === 0) return { error: 'no key given' };
  return { keys };
}

export function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}
