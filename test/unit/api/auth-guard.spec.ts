import { generateKeyPairSync } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DEMO_IDS } from '../../../libs/db';
import { createTestApp, type TestApp } from './api-test-app';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const PROD_SECRET = 'a-production-secret-for-tests-only';
/** what every accepted token carries: an expiry and the API as audience */
const VALID = { expiresIn: 600, audience: 'urn:branchflow:api' } as const;

async function devToken(t: TestApp, userId: string): Promise<string> {
  const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
  return res.body.accessToken as string;
}

describe('auth guard (dev mode)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 401 UNAUTHENTICATED without a bearer token', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/inbox').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
  });

  it('answers 401 for a token signed with another secret', async () => {
    const forged = new JwtService().sign(
      { sub: DEMO_IDS.users.admin },
      { secret: 'wrong', issuer: 'branchflow', ...VALID },
    );
    const res = await request(t.app.getHttpServer())
      .get('/api/inbox')
      .set('Authorization', `Bearer ${forged}`)
      .expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 for a valid token of an unknown user', async () => {
    const token = new JwtService().sign(
      { sub: 'u-nobody' },
      { secret: t.config.auth.jwtSecret, issuer: t.config.auth.jwtIssuer, ...VALID },
    );
    await request(t.app.getHttpServer()).get('/api/inbox').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('mints a dev token whose subject resolves to the actor and its roles', async () => {
    const token = await devToken(t, DEMO_IDS.users.eduOrganCommitteeApprover);
    const res = await request(t.app.getHttpServer())
      .get(`/api/bodies/${DEMO_IDS.orgs.eduOrganCommittee}/tasks`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(res.body).toEqual({ bodyId: DEMO_IDS.orgs.eduOrganCommittee, items: [], nextCursor: null });
  });

  it('refuses a body queue to a user who is not a member of that body (403)', async () => {
    const token = await devToken(t, DEMO_IDS.users.clerk);
    const res = await request(t.app.getHttpServer())
      .get(`/api/bodies/${DEMO_IDS.orgs.eduOrganCommittee}/tasks`)
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
    expect(res.body.code).toBe('NOT_BODY_MEMBER');
  });

  it('lists demo users with their roles', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/auth/dev-users').expect(200);
    const admin = (res.body as { userId: string; roles: unknown[] }[]).find((u) => u.userId === DEMO_IDS.users.admin);
    expect(admin?.roles).toEqual([{ role: 'admin', at: DEMO_IDS.orgs.workCommittee }]);
  });

  it('answers 404 USER_NOT_FOUND for a dev token of an unknown user', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/auth/dev-token')
      .send({ userId: 'u-ghost' })
      .expect(404);
    expect(res.body.code).toBe('USER_NOT_FOUND');
  });

  it('keeps health and metrics public and outside the /api prefix', async () => {
    await request(t.app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    const metrics = await request(t.app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toContain('branchflow_cases{status="active"} 0');
    await request(t.app.getHttpServer()).get('/api/health/live').expect(404);
  });

  it('reports not ready (503) while Temporal does not answer, with the database up', async () => {
    const res = await request(t.app.getHttpServer()).get('/health/ready').expect(503);
    expect(res.body).toMatchObject({
      status: 'unavailable',
      checks: { db: { status: 'up' }, temporal: { status: 'down' } },
    });
  });

  it('answers unknown routes with the common error shape and serves Swagger UI', async () => {
    const res = await request(t.app.getHttpServer())
      .get('/api/nothing-here')
      .set('Authorization', `Bearer ${await devToken(t, DEMO_IDS.users.admin)}`)
      .expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    await request(t.app.getHttpServer()).get('/api/docs').expect(200);
  });
});

describe('auth guard (production mode)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_MODE: 'production', JWT_SECRET: PROD_SECRET, JWT_ISSUER: 'https://idp.example' });
  });
  afterAll(() => t.close());

  it('hides the dev-token and dev-users routes (404)', async () => {
    await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId: DEMO_IDS.users.admin }).expect(404);
    await request(t.app.getHttpServer()).get('/api/auth/dev-users').expect(404);
  });

  it('accepts an HS256 token from the configured issuer', async () => {
    const token = new JwtService().sign(
      { sub: DEMO_IDS.users.admin },
      { secret: PROD_SECRET, issuer: 'https://idp.example', ...VALID },
    );
    await request(t.app.getHttpServer())
      .get('/api/notifications')
      .set('Authorization', `Bearer ${token}`)
      .expect(200, []);
  });

  it('rejects a token from another issuer', async () => {
    const token = new JwtService().sign(
      { sub: DEMO_IDS.users.admin },
      { secret: PROD_SECRET, issuer: 'someone-else', ...VALID },
    );
    await request(t.app.getHttpServer()).get('/api/notifications').set('Authorization', `Bearer ${token}`).expect(401);
  });
});

describe('auth guard (production mode, RS256)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_MODE: 'production', JWT_PUBLIC_KEY: publicKey });
  });
  afterAll(() => t.close());

  it('accepts a token signed with the matching private key', async () => {
    const token = new JwtService().sign(
      { sub: DEMO_IDS.users.admin },
      { privateKey, algorithm: 'RS256', issuer: 'branchflow', ...VALID },
    );
    await request(t.app.getHttpServer()).get('/api/inbox').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('rejects an HS256 token even when its secret is the public key text (algorithm confusion)', async () => {
    const token = new JwtService().sign(
      { sub: DEMO_IDS.users.admin },
      { secret: publicKey, issuer: 'branchflow', ...VALID },
    );
    await request(t.app.getHttpServer()).get('/api/inbox').set('Authorization', `Bearer ${token}`).expect(401);
  });
});
