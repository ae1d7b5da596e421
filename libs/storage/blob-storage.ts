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
  /**
   * Streams `source` into a staging area of the store, hashing and counting as the bytes arrive, and stops with
   * BlobTooLargeError as soon as more than `maxBytes` arrived. Whatever was written is removed when it fails (limit,
   * aborted source, disk error). The staged bytes are committed under a key or discarded by the caller.
   */
  stage(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, opts: { maxBytes: number }): Promise<StagedBlob>;
}

/** Bytes received into the store's staging area, not yet under a key. */
export interface StagedBlob {
  readonly sizeBytes: number;
  /** lowercase hex SHA-256 of the bytes */
  readonly sha256: string;
  /** Reads up to `length` bytes at `position` (fewer at the end). */
  read(position: number, length: number): Promise<Buffer>;
  /** Moves the bytes under `key` (replacing what was there); the staged copy is gone afterwards. */
  commit(key: string): Promise<void>;
  /** Removes the staged bytes; idempotent, and a no-op after commit. */
  discard(): Promise<void>;
}

/** More bytes arrived than the limit allows; nothing of them is kept. */
export class BlobTooLargeError extends Error {
  constructor(
    readonly maxBytes: number,
    readonly receivedBytes: number,
  ) {
    super(`more than ${maxBytes} bytes (${receivedBytes} received when stopped)`);
    this.name = 'BlobTooLargeError';
  }
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
