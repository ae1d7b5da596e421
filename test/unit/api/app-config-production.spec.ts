import { ConfigError, loadConfig } from '../../../libs/config';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const SECRET = 'a-production-secret-of-at-least-32-bytes';
const KEYS = {
  ACTOR_ASSERTION_KEYS: `a1:${Buffer.alloc(32, 1).toString('base64')}`,
  PAYLOAD_KEYS: `p1:${Buffer.alloc(32, 2).toString('base64')}`,
};
const DEV = { AUTH_MODE: 'dev' };

describe('loadConfig: auth mode in production, embedded worker, web base url', () => {
  it('defaults AUTH_MODE to production when NODE_ENV=production (and then needs a JWT key)', () => {
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, ...KEYS });
    expect(c.auth).toMatchObject({ mode: 'production', jwtSecret: SECRET });
    expect(configError({ NODE_ENV: 'production' }).issues.map((i) => i.variable)).toContain('JWT_SECRET');
  });

  it('fails closed: production unless dev mode is asked for, which binds to 127.0.0.1', () => {
    expect(configError({}).issues.map((i) => i.variable)).toEqual(
      expect.arrayContaining(['JWT_SECRET', 'ACTOR_ASSERTION_KEYS', 'PAYLOAD_KEYS']),
    );
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: SECRET, ...KEYS }).auth.mode).toBe('production');
    expect(loadConfig({ JWT_SECRET: SECRET, ...KEYS }).http.host).toBe('0.0.0.0');
    expect(loadConfig(DEV).auth.mode).toBe('dev');
    expect(loadConfig(DEV).http.host).toBe('127.0.0.1');
    expect(loadConfig({ ...DEV, HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0');
  });

  it('refuses a JWT secret shorter than 32 bytes, in any mode', () => {
    expect(configError({ JWT_SECRET: 'short-secret', ...KEYS }).issues.map((i) => i.variable)).toEqual(['JWT_SECRET']);
    expect(configError({ ...DEV, JWT_SECRET: 'x'.repeat(31) }).message).toMatch(
      /JWT_SECRET: must be at least 32 bytes/,
    );
    expect(loadConfig({ ...DEV, JWT_SECRET: 'x'.repeat(32) }).auth.jwtSecret).toBe('x'.repeat(32));
  });

  it('accepts a JWKS URL as the only token key, with the audience urn:branchflow:api by default', () => {
    const c = loadConfig({ JWT_JWKS_URL: 'https://idp.example/jwks', ...KEYS });
    expect(c.auth).toMatchObject({ jwksUrl: 'https://idp.example/jwks', jwtAudience: 'urn:branchflow:api' });
    expect(loadConfig({ ...DEV, JWT_AUDIENCE: 'api://x' }).auth.jwtAudience).toBe('api://x');
  });

  it('reads the trust keys: rings with ids, 32-byte minimum (assertions), exactly 32 bytes (payloads), no dev key in production', () => {
    const c = loadConfig({
      JWT_SECRET: SECRET,
      ACTOR_ASSERTION_KEYS: `new:${Buffer.alloc(48, 3).toString('base64')},old:${Buffer.alloc(32, 4).toString('base64')}`,
      PAYLOAD_KEYS: Buffer.alloc(32, 5).toString('base64'),
    });
    expect(c.trust.assertion.keys.map((k) => k.kid)).toEqual(['new', 'old']);
    expect(c.trust.assertion.maxAgeMs).toBe(300_000);
    expect(c.trust.payload.keys[0]!.kid).toMatch(/^k[0-9a-f]{8}$/);
    expect(c.trust.devKeys).toBe(false);
    const short = configError({
      JWT_SECRET: SECRET,
      ...KEYS,
      ACTOR_ASSERTION_KEYS: Buffer.alloc(31).toString('base64'),
    });
    expect(short.message).toMatch(/ACTOR_ASSERTION_KEYS: key 1 has 31 bytes; at least 32 are required/);
    const long = configError({ JWT_SECRET: SECRET, ...KEYS, PAYLOAD_KEYS: `p:${Buffer.alloc(33).toString('base64')}` });
    expect(long.message).toMatch(/PAYLOAD_KEYS: key p has 33 bytes; exactly 32/);
    const dev = loadConfig(DEV).trust;
    expect(dev.devKeys).toBe(true);
    const devKeyText = `dev:${Buffer.from(dev.payload.keys[0]!.key).toString('base64')}`;
    expect(configError({ JWT_SECRET: SECRET, ...KEYS, PAYLOAD_KEYS: devKeyText }).message).toMatch(
      /the dev key is not allowed in production/,
    );
  });

  it('refuses to start with AUTH_MODE=dev when NODE_ENV=production, naming AUTH_MODE', () => {
    const error = configError({ NODE_ENV: 'production', AUTH_MODE: 'dev', JWT_SECRET: SECRET });
    expect(error.issues.map((i) => i.variable)).toEqual(['AUTH_MODE']);
    expect(error.message).toContain('AUTH_MODE');
  });

  it('reads EMBEDDED_WORKER as a boolean, default false', () => {
    expect(loadConfig(DEV).worker.embedded).toBe(false);
    expect(loadConfig({ ...DEV, EMBEDDED_WORKER: '1' }).worker.embedded).toBe(true);
    expect(loadConfig({ ...DEV, EMBEDDED_WORKER: 'true' }).worker.embedded).toBe(true);
    expect(loadConfig({ ...DEV, EMBEDDED_WORKER: '0' }).worker.embedded).toBe(false);
    expect(configError({ ...DEV, EMBEDDED_WORKER: 'maybe' }).issues.map((i) => i.variable)).toEqual([
      'EMBEDDED_WORKER',
    ]);
  });

  it('defaults WEB_BASE_URL to http://127.0.0.1:<PORT> and validates an explicit one', () => {
    expect(loadConfig({ ...DEV, PORT: '8080' }).http.webBaseUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig(DEV).http.webBaseUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ ...DEV, WEB_BASE_URL: 'https://dangjian.example.gov.cn/' }).http.webBaseUrl).toBe(
      'https://dangjian.example.gov.cn',
    );
    expect(configError({ ...DEV, WEB_BASE_URL: 'ftp://x' }).issues.map((i) => i.variable)).toEqual(['WEB_BASE_URL']);
  });
});
