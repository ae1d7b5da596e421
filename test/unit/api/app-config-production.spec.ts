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

describe('loadConfig: auth mode in production, embedded worker, web base url', () => {
  it('defaults AUTH_MODE to production when NODE_ENV=production (and then needs a JWT key)', () => {
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's3cret' });
    expect(c.auth).toMatchObject({ mode: 'production', jwtSecret: 's3cret' });
    expect(configError({ NODE_ENV: 'production' }).issues.map((i) => i.variable)).toContain('JWT_SECRET');
  });

  it('keeps dev as the default outside production', () => {
    expect(loadConfig({}).auth.mode).toBe('dev');
    expect(loadConfig({ NODE_ENV: 'test' }).auth.mode).toBe('dev');
  });

  it('refuses to start with AUTH_MODE=dev when NODE_ENV=production, naming AUTH_MODE', () => {
    const error = configError({ NODE_ENV: 'production', AUTH_MODE: 'dev', JWT_SECRET: 's3cret' });
    expect(error.issues.map((i) => i.variable)).toEqual(['AUTH_MODE']);
    expect(error.message).toContain('AUTH_MODE');
  });

  it('reads EMBEDDED_WORKER as a boolean, default false', () => {
    expect(loadConfig({}).worker.embedded).toBe(false);
    expect(loadConfig({ EMBEDDED_WORKER: '1' }).worker.embedded).toBe(true);
    expect(loadConfig({ EMBEDDED_WORKER: 'true' }).worker.embedded).toBe(true);
    expect(loadConfig({ EMBEDDED_WORKER: '0' }).worker.embedded).toBe(false);
    expect(configError({ EMBEDDED_WORKER: 'maybe' }).issues.map((i) => i.variable)).toEqual(['EMBEDDED_WORKER']);
  });

  it('defaults WEB_BASE_URL to http://127.0.0.1:<PORT> and validates an explicit one', () => {
    expect(loadConfig({ PORT: '8080' }).http.webBaseUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({}).http.webBaseUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ WEB_BASE_URL: 'https://dangjian.example.gov.cn/' }).http.webBaseUrl).toBe(
      'https://dangjian.example.gov.cn',
    );
    expect(configError({ WEB_BASE_URL: 'ftp://x' }).issues.map((i) => i.variable)).toEqual(['WEB_BASE_URL']);
  });
});
