import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MIN_JWT_SECRET_BYTES, parseKeyRing } from './trust-keys';

/** The data directory of a local install (`npm start`): PGlite, attachments, Temporal's file and these keys. */
export const DEFAULT_DATA_DIR = './data';
export const INSTALL_KEYS_FILE = 'install-keys.json';

/** The secrets a local install makes for itself on its first start, as the environment variables that carry them. */
export interface InstallKeys {
  ACTOR_ASSERTION_KEYS: string;
  PAYLOAD_KEYS: string;
  JWT_SECRET: string;
}

const NAMES = ['ACTOR_ASSERTION_KEYS', 'PAYLOAD_KEYS', 'JWT_SECRET'] as const;

export interface EnsuredInstallKeys {
  keys: InstallKeys;
  path: string;
  /** true when this call generated the file */
  created: boolean;
  /** true when the file was readable by others and this call made it 0600 again */
  tightened: boolean;
}

function generate(): InstallKeys {
  const kid = `i${randomBytes(4).toString('hex')}`;
  return {
    ACTOR_ASSERTION_KEYS: `${kid}:${randomBytes(32).toString('base64')}`,
    PAYLOAD_KEYS: `${kid}:${randomBytes(32).toString('base64')}`,
    JWT_SECRET: randomBytes(48).toString('base64'),
  };
}

function invalid(path: string, why: string): Error {
  return new Error(
    `${path}: ${why}. It holds this install's keys (Temporal payloads written with them cannot be read without them); ` +
      'restore it, or delete the whole data directory to start from scratch',
  );
}

function parse(path: string, text: string): InstallKeys {
  let raw: Partial<Record<(typeof NAMES)[number], unknown>>;
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch {
    throw invalid(path, 'not JSON');
  }
  for (const name of NAMES) if (typeof raw[name] !== 'string') throw invalid(path, `${name} missing`);
  const keys = raw as InstallKeys;
  for (const [name, size] of [
    ['ACTOR_ASSERTION_KEYS', { min: 32 }],
    ['PAYLOAD_KEYS', { min: 32, exact: true }],
  ] as const) {
    const ring = parseKeyRing(keys[name], size);
    if ('error' in ring) throw invalid(path, `${name}: ${ring.error}`);
  }
  if (Buffer.byteLength(keys.JWT_SECRET, 'utf8') < MIN_JWT_SECRET_BYTES) throw invalid(path, 'JWT_SECRET too short');
  return {
    ACTOR_ASSERTION_KEYS: keys.ACTOR_ASSERTION_KEYS,
    PAYLOAD_KEYS: keys.PAYLOAD_KEYS,
    JWT_SECRET: keys.JWT_SECRET,
  };
}

/**
 * The keys of this install (issue 8 §4): `<dataDir>/install-keys.json`, generated with random keys on first use and
 * read after. Created with mode 0600 under a temporary name and linked into place, so two processes starting at once
 * end with the same file, and a half-written one is never read. A file that does not parse is an error, never
 * replaced: the payload key decrypts what Temporal already holds.
 */
export function ensureInstallKeys(dataDir: string = DEFAULT_DATA_DIR): EnsuredInstallKeys {
  const dir = resolve(dataDir);
  const path = join(dir, INSTALL_KEYS_FILE);
  let created = false;
  try {
    statSync(path);
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const body = { createdAt: new Date().toISOString(), ...generate() };
    writeFileSync(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temporary, path);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process made it first: use theirs
    } finally {
      unlinkSync(temporary);
    }
  }
  let tightened = false;
  if ((statSync(path).mode & 0o077) !== 0) {
    chmodSync(path, 0o600);
    tightened = true;
  }
  return { keys: parse(path, readFileSync(path, 'utf8')), path, created, tightened };
}

const unset = (value: string | undefined) => value === undefined || value.trim() === '';

/**
 * The environment with this install's keys for the ones it leaves unset — in dev mode only (`AUTH_MODE=dev`, which
 * `npm start` asks for): the API, the worker and the command-line tools of one install then agree without keys known
 * to anyone else. Production is left as it is and refuses to start without configured keys (libs/config).
 */
export function withInstallKeys(env: NodeJS.ProcessEnv, dataDir: string = DEFAULT_DATA_DIR): NodeJS.ProcessEnv {
  if (env.AUTH_MODE !== 'dev' || env.NODE_ENV === 'production') return env;
  if (NAMES.every((name) => !unset(env[name]))) return env;
  const { keys } = ensureInstallKeys(dataDir);
  const filled: NodeJS.ProcessEnv = { ...env };
  for (const name of NAMES) if (unset(filled[name])) filled[name] = keys[name];
  return filled;
}
