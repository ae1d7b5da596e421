/**
 * Where attachment bytes live. Keys are relative, slash-separated names (see storage-key.ts); the metadata (case,
 * step, file name, type, size, sha256) is in the `attachments` table, never in the store.
 */
export interface BlobStorage {
  /** a short name for logs and the health of the backend, e.g. `local:/srv/branchflow/attachments` */
  readonly description: string;
  /** Writes the bytes under `key` (replacing what was there); resolves once they are durable. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes `key`; false when there was nothing to remove. */
  delete(key: string): Promise<boolean>;
  exists(key: string): Promise<boolean>;
}

/** A key that is not a safe relative name (empty, absolute, `..`, backslash, control characters, too long). */
export class StorageKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid storage key ${JSON.stringify(key.slice(0, 200))}: ${reason}`);
    this.name = 'StorageKeyError';
  }
}

/** The configured backend cannot be used (unknown, not built, or missing settings): raised at startup. */
export class StorageConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageConfigError';
  }
}
