import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../../../libs/config';

const SECRET = 'a-production-secret-of-at-least-32-bytes';
/** production needs its own trust keys (issue 8 §4) */
const KEYS = {
  ACTOR_ASSERTION_KEYS: `a1:${Buffer.alloc(32, 1).toString('base64')}`,
  PAYLOAD_KEYS: `p1:${Buffer.alloc(32, 2).toString('base64')}`,
};

describe('loadConfig', () => {
  it('applies defaults for a dev environment (AUTH_MODE=dev, as npm start asks)', () => {
    const c = loadConfig({ AUTH_MODE: 'dev' });
    expect(c).toMatchObject({
      env: 'development',
      http: { port: 3000 },
      db: { url: undefined, pgliteDir: './data/pglite' },
      temporal: { address: '127.0.0.1:7233', namespace: 'default', tls: undefined, uiUrl: 'http://127.0.0.1:8233' },
      auth: { mode: 'dev', jwtSecret: DEV_JWT_SECRET },
      mail: { smtpUrl: undefined },
      log: { level: 'info' },
      worker: { maxCachedWorkflows: 500 },
    });
  });

  it('bounds the worker sticky cache explicitly and lets an operator size it', () => {
    expect(loadConfig({ AUTH_MODE: 'dev', WORKER_MAX_CACHED_WORKFLOWS: '2000' }).worker.maxCachedWorkflows).toBe(2000);
    expect(() => loadConfig({ AUTH_MODE: 'dev', WORKER_MAX_CACHED_WORKFLOWS: '0' })).toThrow(
      /WORKER_MAX_CACHED_WORKFLOWS/,
    );
  });

  it('reads explicit values', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/bf',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_TLS_CERT: '/c.pem',
      TEMPORAL_TLS_KEY: '/k.pem',
      AUTH_MODE: 'production',
      JWT_SECRET: SECRET,
      ...KEYS,
      SMTP_URL: 'smtp://127.0.0.1:2525',
      LOG_LEVEL: 'debug',
    });
    expect(c.http.port).toBe(8080);
    expect(c.db.url).toBe('postgres://u@db:5432/bf');
    expect(c.temporal.tls).toEqual({ certPath: '/c.pem', keyPath: '/k.pem', caPath: undefined });
    expect(c.auth).toMatchObject({ mode: 'production', jwtSecret: SECRET });
    expect(c.mail.smtpUrl).toBe('smtp://127.0.0.1:2525');
    expect(c.log.level).toBe('debug');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ AUTH_MODE: 'production', ...KEYS }, 'JWT_SECRET'],
    [{ AUTH_MODE: 'production', JWT_SECRET: DEV_JWT_SECRET, ...KEYS }, 'JWT_SECRET'],
    [{ AUTH_MODE: 'open' }, 'AUTH_MODE'],
    [{ TEMPORAL_ADDRESS: 'no-port' }, 'TEMPORAL_ADDRESS'],
    [{ TEMPORAL_TLS_CERT: '/c.pem' }, 'TEMPORAL_TLS_KEY'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
  ])('rejects %j naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.variable)).toContain(variable);
    expect((error as Error).message).toContain(variable);
  });

  it('accepts a public key instead of a secret in production', () => {
    expect(loadConfig({ AUTH_MODE: 'production', JWT_PUBLIC_KEY: 'PEM', ...KEYS }).auth.jwtSecret).toBeUndefined();
  });
});
