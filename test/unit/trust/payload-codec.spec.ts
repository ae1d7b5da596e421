import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadDecryptionError,
  payloadFromWire,
  payloadToWire,
} from '../../../libs/temporal-trust';

const k1 = { kid: 'k1', key: new Uint8Array(randomBytes(32)) };
const k2 = { kid: 'k2', key: new Uint8Array(randomBytes(32)) };
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');

describe('AES-256-GCM payload codec', () => {
  const review = { conclusion: '政治审查结论：合格（限阅）', birthDate: '1990-05-01' };

  it('encrypts every payload with the active key, its id in the metadata, and decrypts it back', async () => {
    const codec = new AesGcmPayloadCodec([k1, k2]);
    const plain = defaultPayloadConverter.toPayload(review);
    const [sealed] = await codec.encode([plain]);
    expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('birthDate');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(review);
  });

  it('decrypts with any key of the ring after rotation, and refuses an unknown key id', async () => {
    const [sealedByOld] = await new AesGcmPayloadCodec([k2]).encode([defaultPayloadConverter.toPayload(review)]);
    const rotated = new AesGcmPayloadCodec([k1, k2]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([sealedByOld!]))[0]!)).toEqual(review);
    await expect(new AesGcmPayloadCodec([k1]).decode([sealedByOld!])).rejects.toThrow(PayloadDecryptionError);
  });

  it('refuses a payload altered in storage (GCM tag) and one whose key id was swapped', async () => {
    const codec = new AesGcmPayloadCodec([k1, k2]);
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(review)]);
    const flipped = { ...sealed!, data: Uint8Array.from(sealed!.data!, (b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(codec.decode([flipped])).rejects.toThrow(/altered or wrong key/);
    const swapped = { ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('k2') } };
    await expect(codec.decode([swapped])).rejects.toThrow(PayloadDecryptionError);
  });

  it('passes payloads that were never encrypted (old histories) through unchanged', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const plain = defaultPayloadConverter.toPayload({ a: 1 });
    expect((await codec.decode([plain]))[0]).toBe(plain);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new AesGcmPayloadCodec([{ kid: 'x', key: new Uint8Array(16) }])).toThrow(/32 bytes/);
    expect(() => new AesGcmPayloadCodec([])).toThrow(/no key/);
  });

  it('converts payloads to and from the remote codec wire format (base64)', () => {
    const plain = defaultPayloadConverter.toPayload('党');
    const wire = payloadToWire(plain);
    expect(wire.metadata!.encoding).toBe(Buffer.from('json/plain').toString('base64'));
    expect(defaultPayloadConverter.fromPayload(payloadFromWire(wire))).toBe('党');
  });
});
