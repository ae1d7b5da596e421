import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  DEV_ASSERTION_KEY,
  DEV_JWT_SECRET,
  DEV_PAYLOAD_KEY,
  INSTALL_KEYS_FILE,
  ensureInstallKeys,
  loadConfig,
  loadServiceConfig,
  withInstallKeys,
} from '../../../libs/config';

/** Keys of one local install (`npm start`), issue 8 §4: random, made once into the data directory, 0600. */
describe('install keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bf-install-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const modeOf = (path: string) => statSync(path).mode & 0o777;

  it('generates random keys on the first start (mode 0600) and reads the same keys after', () => {
    const data = join(dir, 'data');
    const first = ensureInstallKeys(data);
    expect(first).toMatchObject({ created: true, tightened: false, path: join(data, INSTALL_KEYS_FILE) });
    expect(modeOf(first.path)).toBe(0o600);
    expect(first.keys.ACTOR_ASSERTION_KEYS).toMatch(/^i[0-9a-f]{8}:[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(first.keys.PAYLOAD_KEYS.split(':')[1]!, 'base64')).toHaveLength(32);
    expect(Buffer.byteLength(first.keys.JWT_SECRET)).toBeGreaterThanOrEqual(32);
    const again = ensureInstallKeys(data);
    expect(again).toMatchObject({ created: false, keys: first.keys });
    // another install gets other keys
    expect(ensureInstallKeys(join(dir, 'other')).keys.PAYLOAD_KEYS).not.toBe(first.keys.PAYLOAD_KEYS);
    // the configuration made from them is valid for dev mode, and what npm start's processes share
    const config = loadConfig({ AUTH_MODE: 'dev', ...first.keys });
    expect(config.trust.devKeys).toBe(false);
    expect(config.auth.jwtSecret).toBe(first.keys.JWT_SECRET);
  });

  it('makes a file readable by others 0600 again', () => {
    const { path } = ensureInstallKeys(dir);
    chmodSync(path, 0o644);
    expect(ensureInstallKeys(dir).tightened).toBe(true);
    expect(modeOf(path)).toBe(0o600);
  });

  it('refuses a damaged file and never replaces it (the payload key reads what Temporal holds)', () => {
    const { path } = ensureInstallKeys(dir);
    writeFileSync(path, '{"ACTOR_ASSERTION_KEYS":"short:AAAA"}', { mode: 0o600 });
    expect(() => ensureInstallKeys(dir)).toThrow(
      /install-keys\.json: PAYLOAD_KEYS missing.*delete the whole data directory/,
    );
    writeFileSync(path, 'not json', { mode: 0o600 });
    expect(() => ensureInstallKeys(dir)).toThrow(/not JSON/);
    expect(readFileSync(path, 'utf8')).toBe('not json');
  });

  it('fills only the keys the environment leaves unset, in dev mode only; production is left to refuse', () => {
    const own = `mine:${Buffer.alloc(32, 7).toString('base64')}`;
    const filled = withInstallKeys({ AUTH_MODE: 'dev', PAYLOAD_KEYS: own }, dir);
    const { keys } = ensureInstallKeys(dir);
    expect(filled).toMatchObject({ PAYLOAD_KEYS: own, ACTOR_ASSERTION_KEYS: keys.ACTOR_ASSERTION_KEYS });
    expect(filled.JWT_SECRET).toBe(keys.JWT_SECRET);

    const elsewhere = join(dir, 'prod');
    expect(withInstallKeys({ AUTH_MODE: 'production' }, elsewhere)).toEqual({ AUTH_MODE: 'production' });
    expect(withInstallKeys({}, elsewhere)).toEqual({});
    expect(withInstallKeys({ AUTH_MODE: 'dev', NODE_ENV: 'production' }, elsewhere).JWT_SECRET).toBeUndefined();
    const complete = { AUTH_MODE: 'dev', ACTOR_ASSERTION_KEYS: own, PAYLOAD_KEYS: own, JWT_SECRET: 'x'.repeat(32) };
    expect(withInstallKeys(complete, elsewhere)).toEqual(complete);
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('a serving process in production refuses to start without configured keys, and makes none', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const err = (() => {
        try {
          loadServiceConfig({ AUTH_MODE: 'production' });
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues.map((i) => i.variable)).toEqual(
        expect.arrayContaining(['JWT_SECRET', 'ACTOR_ASSERTION_KEYS', 'PAYLOAD_KEYS']),
      );
      expect(existsSync(join(dir, 'data'))).toBe(false);
      // dev mode: the install's file under ./data
      const dev = loadServiceConfig({ AUTH_MODE: 'dev' });
      const { keys } = ensureInstallKeys(join(dir, 'data'));
      expect(dev.auth.jwtSecret).toBe(keys.JWT_SECRET);
      expect(dev.trust.devKeys).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  it('knows no fixed dev key any more: the in-process fallback is random', () => {
    const old = (label: string) => createHash('sha256').update(label).digest();
    expect(Buffer.from(DEV_ASSERTION_KEY.key).equals(old('branchflow-dev-actor-assertion-key'))).toBe(false);
    expect(Buffer.from(DEV_PAYLOAD_KEY.key).equals(old('branchflow-dev-payload-key'))).toBe(false);
    expect(DEV_JWT_SECRET).not.toBe('branchflow-dev-secret-do-not-use-in-production');
    expect(Buffer.byteLength(DEV_JWT_SECRET)).toBeGreaterThanOrEqual(32);
  });
});
