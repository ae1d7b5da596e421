import { StorageKeyError } from './blob-storage';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

/**
 * Checks that a key is a plain relative name: segments of letters, digits, `.`, `_`, `-` separated by `/`, none
 * starting with a dot (so no `..`, no hidden files), no empty segment, no absolute path, no backslash.
 */
export function assertSafeKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new StorageKeyError(String(key), 'empty');
  if (key.length > MAX_KEY_LENGTH) throw new StorageKeyError(key, `longer than ${MAX_KEY_LENGTH} characters`);
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment)) throw new StorageKeyError(key, `segment ${JSON.stringify(segment)} is not allowed`);
  }
  return key;
}

/** Content-addressed key of a blob: `sha256/ab/abcdef…` (identical files are stored once). */
export function contentKey(sha256Hex: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new StorageKeyError(sha256Hex, 'not a lowercase sha256 hex digest');
  return `sha256/${sha256Hex.slice(0, 2)}/${sha256Hex}`;
}
