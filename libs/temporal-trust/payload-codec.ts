import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { TrustKey } from '../config';

/** `encoding` of an encrypted payload; the key id and cipher sit beside it in the metadata. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
export const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const text = (value: string): Uint8Array => new Uint8Array(Buffer.from(value, 'utf8'));
const b64 = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('base64');

/**
 * Temporal payload codec (AES-256-GCM): every payload the API's client or the worker writes to Temporal is stored
 * encrypted — inputs, update arguments (personal data, the step-10 political review), results, query answers —
 * with the key id in the metadata, so Temporal's history and Web UI show ciphertext. The first key encrypts; any
 * key of the ring decrypts (rotation). Payloads without the encrypted encoding (histories written before encryption,
 * other clients) decode as they are.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly active: { kid: string; key: Buffer };

  constructor(keys: readonly TrustKey[]) {
    if (keys.length === 0) throw new Error('AesGcmPayloadCodec: no key');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`AesGcmPayloadCodec: key ${k.kid} must be 32 bytes`);
    }
    this.byId = new Map(keys.map((k) => [k.kid, Buffer.from(k.key)]));
    this.active = { kid: keys[0]!.kid, key: Buffer.from(keys[0]!.key) };
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.active.key, iv);
    cipher.setAAD(Buffer.from(this.active.kid, 'utf8'));
    const plain = Buffer.from(JSON.stringify(toJson(payload)), 'utf8');
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: text(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: text(this.active.kid),
        [CIPHER_METADATA]: text(CIPHER),
      },
      data: new Uint8Array(sealed),
    };
  }

  decrypt(payload: Payload): Payload {
    if (!isEncrypted(payload)) return payload;
    const kid = Buffer.from(payload.metadata![KEY_ID_METADATA] ?? new Uint8Array()).toString('utf8');
    const key = this.byId.get(kid);
    if (!key) throw new PayloadDecryptionError(`payload encrypted with unknown key "${kid}"`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(kid, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return fromJson(JSON.parse(plain.toString('utf8')) as JsonPayload);
    } catch {
      throw new PayloadDecryptionError(`payload does not decrypt with key "${kid}" (altered or wrong key)`);
    }
  }
}

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && Buffer.from(encoding).toString('utf8') === ENCRYPTED_ENCODING;
}

interface JsonPayload {
  metadata: Record<string, string>;
  data: string;
}

function toJson(payload: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload.metadata ?? {})) metadata[k] = b64(v);
  return { metadata, data: b64(payload.data) };
}

function fromJson(json: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(json.metadata)) metadata[k] = new Uint8Array(Buffer.from(v, 'base64'));
  return { metadata, data: new Uint8Array(Buffer.from(json.data, 'base64')) };
}

/** Temporal's remote codec protocol (Web UI, CLI `--codec-endpoint`): proto3 JSON, bytes as base64. */
export interface WirePayload {
  metadata?: Record<string, string>;
  data?: string;
}

export function payloadFromWire(wire: WirePayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(wire.metadata ?? {})) metadata[k] = new Uint8Array(Buffer.from(v, 'base64'));
  return { metadata, data: new Uint8Array(Buffer.from(wire.data ?? '', 'base64')) };
}

export function payloadToWire(payload: Payload): WirePayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload.metadata ?? {})) metadata[k] = b64(v);
  return { metadata, data: b64(payload.data) };
}
