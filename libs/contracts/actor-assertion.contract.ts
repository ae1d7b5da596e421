/**
 * Signed actor assertions (issue 8 §4): the API signs what it asserts about an update it sends to a workflow — who
 * acts (the actor's id; its roles are inside the signed arguments), which update on which workflow, with which
 * arguments, when — with HMAC-SHA256 under a key the worker holds. The workflow-side interceptor
 * (workflows/kernel/actor-assertion.interceptor.ts) refuses an update whose assertion is missing, forged, bound to
 * other arguments, or stale relative to workflow time. Someone who reaches Temporal's frontend without the key can
 * therefore no longer approve a task as an invented user.
 *
 * Workflow starts and signals carry the same assertion (`k`: 'start' or 'signal'): the API's client signs the starts
 * it makes (the submitter named in the input is the actor), the worker's own client signs the starts it makes (term
 * clocks, no actor), and workflows sign the signals they send each other with the key the worker holds.
 *
 * Pure TypeScript (SHA-256, HMAC, UTF-8, base64url written out here): workflows import this inside the deterministic
 * sandbox, where node:crypto is not available.
 */

/** Update header carrying the assertion (a json/plain string payload); headers are never payload-encoded. */
export const ACTOR_ASSERTION_HEADER = 'branchflow-actor-assertion';
/** ApplicationFailure type (and violation code) of a refused assertion; the API answers 403. */
export const ACTOR_ASSERTION_REFUSED = 'ACTOR_ASSERTION_REFUSED';
/** Default accepted distance between the assertion's time and workflow time (either way, for clock skew). */
export const DEFAULT_ACTOR_ASSERTION_MAX_AGE_MS = 5 * 60_000;
/**
 * Accepted age of a signal's assertion. A signal has no caller waiting for the verdict: it is handled when a worker
 * next runs the receiving workflow, so a short window would silently drop a legitimate term shift after a worker
 * outage. Replays of a copied signal are refused by its id instead (once per run), and the window bounds the rest.
 */
export const SIGNAL_ASSERTION_MAX_AGE_MS = 7 * 24 * 3_600_000;
/** Shortest HMAC key accepted (RFC 2104: at least the hash output length). */
export const MIN_ASSERTION_KEY_BYTES = 32;

/** What an assertion is about: an update (the default, written without `k`), a signal, or a workflow start. */
export type AssertedMessage = 'update' | 'signal' | 'start';

export interface ActorAssertionClaims {
  /** format version */
  v: 1;
  /** kind of message; absent for an update */
  k?: 'signal' | 'start';
  /**
   * the acting user's id (`actor.userId` of an update's or signal's arguments, `submittedBy` or `startedBy` of a
   * start's input), or null for a message without an actor (a term clock the worker starts, a workflow's signal)
   */
  sub: string | null;
  /** update name, signal name, or workflow type of a start */
  upd: string;
  /** target workflow id */
  wf: string;
  /**
   * update id (Idempotency-Key): a copied assertion cannot be reused under another id; for a signal its own id (the
   * sending workflow's run and command number, or a random id from a client), accepted once per receiving run
   */
  uid: string;
  /** issued at (ms since epoch, the API's clock) */
  iat: number;
  /** SHA-256 (hex) of the canonical JSON of the update's arguments: roles, task, outcome, comment, payload */
  arg: string;
}

export interface AssertionKey {
  /** key id, written into the assertion so that keys can rotate */
  kid: string;
  /** raw key bytes (at least MIN_ASSERTION_KEY_BYTES) */
  key: Uint8Array;
}

export type AssertionRefusal =
  | 'missing'
  | 'malformed'
  | 'unknown-key'
  | 'forged'
  | 'stale'
  | 'mismatch'
  /** a signal whose id this run has accepted already (a copy sent again) */
  | 'replayed';

export interface AssertionCheck {
  /** default 'update' */
  kind?: AssertedMessage;
  /** the update or signal name, or the workflow type of a start, as the workflow received it */
  updateName: string;
  workflowId: string;
  /** the update's id; not compared for a signal (the receiver dedupes by the claims' uid) or a start */
  updateId: string;
  args: readonly unknown[];
  /** workflow time (ms); for a start the time the server recorded it */
  now: number;
  maxAgeMs: number;
}

// ---------------------------------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-4) and HMAC (RFC 2104)

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

export function sha256(message: Uint8Array): Uint8Array {
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const bitLength = message.length * 8;
  const padded = new Uint8Array(Math.ceil((message.length + 9) / 64) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const w = new Uint32Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!];
    for (let i = 0; i < 64; i++) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + s1 + ch + K[i]! + w[i]!) >>> 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
    h[5] = (h[5]! + f) >>> 0;
    h[6] = (h[6]! + g) >>> 0;
    h[7] = (h[7]! + hh) >>> 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]!);
  return out;
}

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

/** Compares without an early exit, so the time taken does not say how much of a forged signature was right. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// UTF-8, hex, base64url, canonical JSON

export function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate, as TextEncoder writes it
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else {
      bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    }
  }
  return Uint8Array.from(bytes);
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64URL[(n >> 18) & 63]! + B64URL[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64URL[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += B64URL[n & 63]!;
  }
  return out;
}

/** Decodes base64url (or standard base64, padding optional); null when the text is not base64. */
export function base64UrlDecode(text: string): Uint8Array | null {
  const clean = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (clean.length % 4 === 1) return null;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const value = B64URL.indexOf(ch);
    if (value < 0) return null;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/**
 * JSON with object keys sorted and `undefined` members left out, as the value reads after a JSON round trip through
 * Temporal's payload converter — the API and the workflow compute the same text for the same arguments.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => {
        const item = (value as Record<string, unknown>)[key];
        return item !== undefined && typeof item !== 'function' && typeof item !== 'symbol';
      })
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Digest of an update's arguments bound into the assertion. */
export function argumentsDigest(args: readonly unknown[]): string {
  return toHex(sha256(utf8(canonicalJson(args))));
}

/** The acting user named by an update's first argument (`{ actor: { userId } }`), or null. */
export function actorIdOf(args: readonly unknown[]): string | null {
  const first = args[0] as { actor?: { userId?: unknown } } | null | undefined;
  const userId = first?.actor?.userId;
  return typeof userId === 'string' ? userId : null;
}

/** The user a workflow input names as starting the case (`submittedBy`, or `startedBy` of organizational life). */
export function startActorOf(args: readonly unknown[]): string | null {
  const first = args[0] as { submittedBy?: unknown; startedBy?: unknown } | null | undefined;
  const userId = first?.submittedBy ?? first?.startedBy;
  return typeof userId === 'string' ? userId : null;
}

function subjectOf(kind: AssertedMessage, args: readonly unknown[]): string | null {
  return kind === 'start' ? startActorOf(args) : actorIdOf(args);
}

// ---------------------------------------------------------------------------------------------------------------
// Sign and verify: `v1.<kid>.<claims base64url>.<signature base64url>`

export function signActorAssertion(claims: ActorAssertionClaims, key: AssertionKey): string {
  const body = base64UrlEncode(utf8(JSON.stringify(claims)));
  const signed = `v1.${key.kid}.${body}`;
  return `${signed}.${base64UrlEncode(hmacSha256(key.key, utf8(signed)))}`;
}

/**
 * The claims an assertion states, read without checking its signature (null when it is not an assertion): a replaying
 * workflow reads the ids of signals it accepted when first run, whose keys may have been retired since.
 */
export function readAssertionClaims(token: unknown): ActorAssertionClaims | null {
  if (typeof token !== 'string' || token.length > 4096) return null;
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') return null;
  try {
    const bytes = base64UrlDecode(parts[2]!);
    if (!bytes) return null;
    const claims = JSON.parse(utf8Decode(bytes)) as ActorAssertionClaims;
    return claims?.v === 1 && typeof claims.iat === 'number' ? claims : null;
  } catch {
    return null;
  }
}

/** The claims of an assertion for this message and time, or the reason it is refused. */
export function verifyActorAssertion(
  token: unknown,
  keys: readonly AssertionKey[],
  check: AssertionCheck,
): { ok: true; claims: ActorAssertionClaims } | { ok: false; reason: AssertionRefusal } {
  if (token === undefined || token === null || token === '') return { ok: false, reason: 'missing' };
  if (typeof token !== 'string' || token.length > 4096) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') return { ok: false, reason: 'malformed' };
  const [, kid, body, signature] = parts as [string, string, string, string];
  const key = keys.find((k) => k.kid === kid);
  if (!key) return { ok: false, reason: 'unknown-key' };
  const given = base64UrlDecode(signature);
  const expected = hmacSha256(key.key, utf8(`v1.${kid}.${body}`));
  if (!given || !constantTimeEqual(given, expected)) return { ok: false, reason: 'forged' };
  const claims = readAssertionClaims(token);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (Math.abs(check.now - claims.iat) > check.maxAgeMs) return { ok: false, reason: 'stale' };
  const kind = check.kind ?? 'update';
  const bound =
    (claims.k ?? 'update') === kind &&
    claims.upd === check.updateName &&
    claims.wf === check.workflowId &&
    (kind !== 'update' || claims.uid === check.updateId) &&
    typeof claims.uid === 'string' &&
    claims.sub === subjectOf(kind, check.args) &&
    claims.arg === argumentsDigest(check.args);
  return bound ? { ok: true, claims } : { ok: false, reason: 'mismatch' };
}

function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let code: number;
    if (b < 0x80) {
      code = b;
      i += 1;
    } else if (b < 0xe0) {
      code = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      code = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      i += 3;
    } else {
      code =
        ((b & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f);
      i += 4;
    }
    out += String.fromCodePoint(code);
  }
  return out;
}
