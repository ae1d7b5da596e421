import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { defaultPayloadConverter } from '@temporalio/common';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../../../libs/config';
import { DEMO_IDS, openTestDatabase, seedDemoData, type Database, type TestDatabase } from '../../../libs/db';
import { createApp } from '../../../apps/api/src/create-app';
import { AesGcmPayloadCodec, payloadFromWire, payloadToWire } from '../../../libs/temporal-trust';
import { JwksKeySource } from '../../../apps/api/src/auth/jwks-key-source';
import { createTestApp, TEST_TRUST_KEYS, unusedTemporalClient, type TestApp } from './api-test-app';

jest.setTimeout(60_000);

const AUD = 'urn:branchflow:api';
const admin = DEMO_IDS.users.admin;

function devSigned(claims: object, options: object): string {
  return new JwtService().sign(claims, { secret: DEV_JWT_SECRET, issuer: 'branchflow', ...options });
}

async function devToken(t: TestApp, userId: string): Promise<string> {
  const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
  return res.body.accessToken as string;
}

describe('tokens fail closed (issue 8 §4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const inbox = (token: string) =>
    request(t.app.getHttpServer()).get('/api/inbox').set('Authorization', `Bearer ${token}`);

  it('accepts a token with exp and the configured audience, and dev tokens carry both', async () => {
    await inbox(devSigned({ sub: admin }, { expiresIn: 60, audience: AUD })).expect(200);
    const minted = new JwtService().decode<{ exp?: number; aud?: string }>(await devToken(t, admin));
    expect(minted).toMatchObject({ aud: AUD, exp: expect.any(Number) });
  });

  it('answers 401 to a token without exp', async () => {
    const res = await inbox(devSigned({ sub: admin }, { audience: AUD })).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 to a token for another audience, or for none', async () => {
    await inbox(devSigned({ sub: admin }, { expiresIn: 60, audience: 'urn:someone-else' })).expect(401);
    await inbox(devSigned({ sub: admin }, { expiresIn: 60 })).expect(401);
  });

  it('answers 401 to an expired token', async () => {
    await inbox(devSigned({ sub: admin, exp: Math.floor(Date.now() / 1000) - 10 }, { audience: AUD })).expect(401);
  });

  it('refuses to start with a JWT secret shorter than 32 bytes', async () => {
    await expect(createTestApp({ JWT_SECRET: 'too-short-a-secret' })).rejects.toThrow(ConfigError);
    await expect(createTestApp({ JWT_SECRET: 'too-short-a-secret' })).rejects.toThrow(
      /JWT_SECRET: must be at least 32/,
    );
  });
});

describe('JWKS of an identity provider (JWT_JWKS_URL)', () => {
  const provider = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...provider.publicKey.export({ format: 'jwk' }), kid: 'idp-1', use: 'sig', alg: 'RS256' };
  let server: Server;
  let fetches = 0;
  let t: TestApp;
  const issuer = 'https://idp.example';

  beforeAll(async () => {
    server = createServer((req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    t = await createTestApp({
      AUTH_MODE: 'production',
      JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      JWT_ISSUER: issuer,
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((done) => server.close(done));
  });

  const accessToken = (key: typeof provider.privateKey, kid: string, claims: object = {}) =>
    new JwtService().sign(
      { sub: admin, aud: AUD, ...claims },
      {
        privateKey: key,
        algorithm: 'RS256',
        keyid: kid,
        header: { typ: 'at+jwt', alg: 'RS256' },
        issuer,
        expiresIn: 60,
      },
    );
  const inbox = (token: string) =>
    request(t.app.getHttpServer()).get('/api/inbox').set('Authorization', `Bearer ${token}`);

  it("accepts the provider's RS256 access token (typ at+jwt), its subject mapped to a user", async () => {
    await inbox(accessToken(provider.privateKey, 'idp-1')).expect(200);
    await inbox(accessToken(provider.privateKey, 'idp-1')).expect(200);
    expect(fetches).toBe(1); // the key set is cached
  });

  it('answers 401 to a token signed by another key, an unknown key id, a wrong audience or an unknown user', async () => {
    await inbox(accessToken(stranger.privateKey, 'idp-1')).expect(401);
    await inbox(accessToken(stranger.privateKey, 'idp-9')).expect(401);
    await inbox(accessToken(provider.privateKey, 'idp-1', { aud: 'urn:other' })).expect(401);
    await inbox(accessToken(provider.privateKey, 'idp-1', { sub: 'u-nobody' })).expect(401);
  });

  it('answers 401 to an HS256 token signed with the public key text (algorithm confusion)', async () => {
    const pem = provider.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const forged = new JwtService().sign({ sub: admin }, { secret: pem, issuer, audience: AUD, expiresIn: 60 });
    await inbox(forged).expect(401);
  });
});

describe('rate limits (@nestjs/throttler)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_TOKEN_PER_MINUTE: '3', RATE_LIMIT_WRITE_PER_MINUTE: '2' });
  });
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED past the token limit per client', async () => {
    for (let i = 0; i < 3; i++) await devToken(t, admin);
    const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId: admin }).expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', numbers: { limit: 3, perSeconds: 60 } });
  });

  it('answers 429 past the write limit per user, and leaves reads alone', async () => {
    const token = new JwtService().sign(
      { sub: DEMO_IDS.users.clerk },
      { secret: DEV_JWT_SECRET, issuer: 'branchflow', audience: AUD, expiresIn: 60 },
    );
    const write = () =>
      request(t.app.getHttpServer()).post('/api/cases/establishment').set('Authorization', `Bearer ${token}`).send({});
    expect((await write()).status).toBe(400);
    expect((await write()).status).toBe(400);
    expect((await write()).status).toBe(429);
    for (let i = 0; i < 5; i++) {
      await request(t.app.getHttpServer()).get('/api/inbox').set('Authorization', `Bearer ${token}`).expect(200);
    }
  });
});

/**
 * The production shape runs two API processes: counters kept in each process's memory would grant each the whole
 * limit. On PostgreSQL the counters are shared (rate_limit_hits); on embedded PGlite (one process) they stay in memory.
 */
describe.each(['postgres', 'pglite'] as const)('rate limits across two API processes on %s', (lane) => {
  let database: TestDatabase;
  let apis: INestApplication[];
  const env = {
    AUTH_MODE: 'dev',
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(48).toString('base64'),
    ...TEST_TRUST_KEYS,
    RATE_LIMIT_TOKEN_PER_MINUTE: '3',
    RATE_LIMIT_WRITE_PER_MINUTE: '2',
  };
  const apiOn = async (db: Database) =>
    createApp({ config: loadConfig(env), database: db, temporalClient: unusedTemporalClient(), logger: false });
  beforeAll(async () => {
    database = await openTestDatabase(lane);
    await seedDemoData(database);
    // two apps on one database, each with the throttler storage it would have as a process of its own
    apis = [await apiOn(database), await apiOn(database)];
  });
  afterAll(async () => {
    for (const api of apis ?? []) await api.close();
    await database?.drop();
  });

  const token = (i: number) =>
    request(apis[i % 2]!.getHttpServer())
      .post('/api/auth/dev-token')
      .send({ userId: DEMO_IDS.users.clerk });

  it(
    lane === 'postgres' ? 'counts token requests once across both' : 'counts per process (one process in use)',
    async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await token(i)).status);
      expect(statuses).toEqual(lane === 'postgres' ? [200, 200, 200, 429, 429, 429] : [200, 200, 200, 200, 200, 200]);
    },
  );

  it(lane === 'postgres' ? "counts a user's writes once across both" : 'counts writes per process', async () => {
    const bearer = `Bearer ${new JwtService().sign(
      { sub: DEMO_IDS.users.clerk },
      { secret: env.JWT_SECRET, issuer: 'branchflow', audience: AUD, expiresIn: 60 },
    )}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await request(apis[i % 2]!.getHttpServer())
        .post('/api/cases/establishment')
        .set('Authorization', bearer)
        .send({});
      statuses.push(res.status);
      if (res.status === 429) expect(res.body).toMatchObject({ code: 'RATE_LIMITED', numbers: { limit: 2 } });
    }
    expect(statuses).toEqual(lane === 'postgres' ? [400, 400, 429, 429] : [400, 400, 400, 400]);
  });
});

describe('metrics and Swagger restricted by configuration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: 'scrape-secret', API_DOCS: 'off' });
  });
  afterAll(() => t.close());

  it('needs METRICS_TOKEN for /metrics and serves no Swagger with API_DOCS=off', async () => {
    await request(t.app.getHttpServer()).get('/metrics').expect(401);
    await request(t.app.getHttpServer()).get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
    await request(t.app.getHttpServer()).get('/metrics').set('Authorization', 'Bearer scrape-secret').expect(200);
    await request(t.app.getHttpServer()).get('/api/docs').expect(404);
    await request(t.app.getHttpServer()).get('/api/docs-json').expect(404);
  });
});

describe('codec endpoint for the Temporal Web UI', () => {
  let t: TestApp;
  const uiOrigin = 'http://127.0.0.1:8233';
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const payloadKey = () => {
    const [kid, b64] = TEST_TRUST_KEYS.PAYLOAD_KEYS.split(':') as [string, string];
    return { kid, key: new Uint8Array(Buffer.from(b64, 'base64')) };
  };

  it('decodes encrypted payloads (and passes plain ones) for an administrator only', async () => {
    const codec = new AesGcmPayloadCodec([payloadKey()]);
    const review = { conclusion: '政治审查合格' };
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(review)]);
    const plain = defaultPayloadConverter.toPayload('plain');
    const body = { payloads: [payloadToWire(sealed!), payloadToWire(plain)] };
    const decode = (token?: string) => {
      const req = request(t.app.getHttpServer()).post('/api/codec/decode').set('Origin', uiOrigin).send(body);
      return token ? req.set('Authorization', `Bearer ${token}`) : req;
    };
    const res = await decode(await devToken(t, admin)).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(uiOrigin);
    const [first, second] = (res.body.payloads as Parameters<typeof payloadFromWire>[0][]).map(payloadFromWire);
    expect(defaultPayloadConverter.fromPayload(first!)).toEqual(review);
    expect(defaultPayloadConverter.fromPayload(second!)).toBe('plain');

    const refused = await decode(await devToken(t, DEMO_IDS.users.eduPartyGroupApprover)).expect(403);
    expect(refused.body.code).toBe('CODEC_NOT_ALLOWED');
    await decode().expect(401);
  });

  it('encodes for an administrator, answers 400 to a payload it cannot decrypt, and the UI preflight', async () => {
    const token = await devToken(t, admin);
    const res = await request(t.app.getHttpServer())
      .post('/api/codec/encode')
      .set('Authorization', `Bearer ${token}`)
      .send({ payloads: [payloadToWire(defaultPayloadConverter.toPayload(1))] })
      .expect(200);
    const [encoded] = await new AesGcmPayloadCodec([payloadKey()]).decode([payloadFromWire(res.body.payloads[0])]);
    expect(defaultPayloadConverter.fromPayload(encoded!)).toBe(1);

    const [foreign] = await new AesGcmPayloadCodec([{ kid: 'x', key: new Uint8Array(randomBytes(32)) }]).encode([
      defaultPayloadConverter.toPayload(1),
    ]);
    const bad = await request(t.app.getHttpServer())
      .post('/api/codec/decode')
      .set('Authorization', `Bearer ${token}`)
      .send({ payloads: [payloadToWire(foreign!)] })
      .expect(400);
    expect(bad.body.code).toBe('PAYLOAD_NOT_DECRYPTABLE');

    const preflight = await request(t.app.getHttpServer())
      .options('/api/codec/decode')
      .set('Origin', uiOrigin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type, x-namespace')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(uiOrigin);
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
    const other = await request(t.app.getHttpServer())
      .options('/api/codec/decode')
      .set('Origin', 'http://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('JwksKeySource', () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'ec-1' };

  it('answers every token that arrives while the key set is being fetched, and fetches once', async () => {
    let fetches = 0;
    const source = new JwksKeySource('http://idp/jwks', 30_000, async () => {
      fetches += 1;
      await new Promise((r) => setTimeout(r, 50));
      return { keys: [jwk, { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' }] };
    });
    const keys = await Promise.all([source.keyFor('ec-1'), source.keyFor('ec-1'), source.keyFor('ec-1')]);
    expect(keys.map((k) => k?.algorithms)).toEqual([['ES256', 'ES384', 'ES512'], expect.any(Array), expect.any(Array)]);
    expect(fetches).toBe(1);
    // a symmetric key in a JWKS is never used; an unknown kid right after a fetch is not fetched again
    expect(await source.keyFor('hmac')).toBeNull();
    expect(fetches).toBe(1);
  });

  it('tries again with the next token when the provider could not be reached', async () => {
    let calls = 0;
    const source = new JwksKeySource('http://idp/jwks', 30_000, async () => {
      calls += 1;
      if (calls === 1) throw new Error('ECONNREFUSED');
      return { keys: [jwk] };
    });
    expect(await source.keyFor('ec-1')).toBeNull();
    expect(await source.keyFor('ec-1')).not.toBeNull();
  });
});
