import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobTooLargeError, StorageKeyError, type BlobStorage, type StagedBlob } from './blob-storage';

/** Staged uploads live here, inside the root (same file system: commit is a rename); no key can start with a dot. */
const STAGING_DIR = '.staging';
import { assertSafeKey } from './storage-key';

/**
 * Blobs as files under one root directory. Keys are checked (storage-key.ts) and the resolved path must still lie
 * inside the root, so no key reaches outside it. Writes go to a temporary file in the same directory and are renamed
 * into place, so a reader never sees half a file.
 */
export class LocalDiskStorage implements BlobStorage {
  readonly root: string;

  constructor(rootDir: string) {
    this.root = resolve(rootDir);
  }

  get description(): string {
    return `local:${this.root}`;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async stage(
    source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
    opts: { maxBytes: number },
  ): Promise<StagedBlob> {
    const dir = join(this.root, STAGING_DIR);
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${randomBytes(12).toString('hex')}.part`);
    const meter = new LimitedHash(opts.maxBytes);
    try {
      await pipeline(source, meter, createWriteStream(path, { flags: 'wx' }));
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    return new StagedFile(this, path, meter.size, meter.digest());
  }

  /** Staged files left behind by a process that died mid-upload, older than `olderThanMs`, removed at startup. */
  async sweepStaging(olderThanMs = 60 * 60 * 1000): Promise<number> {
    const dir = join(this.root, STAGING_DIR);
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if (isNotFound(err)) return 0;
      throw err;
    }
    for (const name of names) {
      const file = join(dir, name);
      const info = await stat(file).catch(() => null);
      if (info && Date.now() - info.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  /** The file path of a key, refused unless it lies strictly inside the root. */
  pathOf(key: string): string {
    assertSafeKey(key);
    const path = resolve(this.root, key);
    const rel = relative(this.root, path);
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
      throw new StorageKeyError(key, 'resolves outside the storage root');
    }
    return path;
  }
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Counts and hashes the bytes passing through; fails with BlobTooLargeError past `maxBytes`. */
class LimitedHash extends Transform {
  size = 0;
  private readonly hash = createHash('sha256');
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(new BlobTooLargeError(this.maxBytes, this.size));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

class StagedFile implements StagedBlob {
  private done = false;
  constructor(
    private readonly storage: LocalDiskStorage,
    private readonly path: string,
    readonly sizeBytes: number,
    readonly sha256: string,
  ) {}

  async read(position: number, length: number): Promise<Buffer> {
    const handle = await open(this.path, 'r');
    try {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, this.sizeBytes - position)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async commit(key: string): Promise<void> {
    const target = this.storage.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    await rename(this.path, target);
    this.done = true;
  }

  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await rm(this.path, { force: true });
  }
}
