import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../libs/config';
import {
  BlobTooLargeError,
  LocalDiskStorage,
  StorageConfigError,
  StorageKeyError,
  contentKey,
  createBlobStorage,
} from '../../../libs/storage';

describe('LocalDiskStorage (real temp dir)', () => {
  let root: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'bf-storage-'));
    storage = new LocalDiskStorage(join(root, 'attachments'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('puts, gets, checks and deletes bytes under a nested key', async () => {
    const key = 'sha256/ab/abc.bin';
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await storage.put(key, Buffer.from('入党申请书'));
    expect(await storage.exists(key)).toBe(true);
    expect((await storage.get(key))?.toString('utf8')).toBe('入党申请书');
    expect(await readFile(join(root, 'attachments', 'sha256', 'ab', 'abc.bin'), 'utf8')).toBe('入党申请书');
    expect(await storage.delete(key)).toBe(true);
    expect(await storage.delete(key)).toBe(false);
    expect(await storage.exists(key)).toBe(false);
  });

  it('replaces a key atomically and leaves no temporary files', async () => {
    await storage.put('a/b', Buffer.from('one'));
    await storage.put('a/b', Buffer.from('two'));
    expect((await storage.get('a/b'))?.toString()).toBe('two');
    expect(await readdir(join(root, 'attachments', 'a'))).toEqual(['b']);
  });

  it.each([
    '../outside',
    'a/../../outside',
    '/etc/passwd',
    'a//b',
    '.hidden',
    'a/./b',
    'a\\..\\b',
    'a/b/',
    '',
    'x'.repeat(513) /* over 512 characters */,
    'a/\u0000b',
    '附件/1',
  ])('refuses unsafe key #%# for every operation', async (key) => {
    await expect(storage.put(key, Buffer.from('x'))).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.get(key)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.exists(key)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.delete(key)).rejects.toBeInstanceOf(StorageKeyError);
    expect(await readdir(root)).toEqual([]);
  });

  it('builds content-addressed keys from a sha256 digest only', () => {
    const digest = 'a'.repeat(64);
    expect(contentKey(digest)).toBe(`sha256/aa/${digest}`);
    expect(() => contentKey('../x')).toThrow(StorageKeyError);
    expect(() => contentKey('A'.repeat(64))).toThrow(StorageKeyError);
  });
});

describe('createBlobStorage (STORAGE_BACKEND)', () => {
  it('builds the local backend rooted at ATTACHMENTS_DIR (default ./data/attachments)', () => {
    const def = createBlobStorage(loadConfig({ AUTH_MODE: 'dev' }).storage);
    expect(def).toBeInstanceOf(LocalDiskStorage);
    expect(def.description).toMatch(/data\/attachments$/);
    const own = createBlobStorage(loadConfig({ AUTH_MODE: 'dev', ATTACHMENTS_DIR: '/srv/bf/files' }).storage);
    expect(own.description).toBe('local:/srv/bf/files');
  });

  it('reads the size limit, 20 MiB by default', () => {
    expect(loadConfig({ AUTH_MODE: 'dev' }).storage.maxBytes).toBe(20 * 1024 * 1024);
    expect(loadConfig({ AUTH_MODE: 'dev', ATTACHMENT_MAX_BYTES: '1000' }).storage.maxBytes).toBe(1000);
    expect(() => loadConfig({ AUTH_MODE: 'dev', ATTACHMENT_MAX_BYTES: '0' })).toThrow(/ATTACHMENT_MAX_BYTES/);
  });

  it('stops at startup with a clear message when the S3 backend is selected', () => {
    expect(() => loadConfig({ AUTH_MODE: 'dev', STORAGE_BACKEND: 's3' })).toThrow(/S3_BUCKET/);
    const config = loadConfig({
      AUTH_MODE: 'dev',
      STORAGE_BACKEND: 's3',
      S3_BUCKET: 'dossiers',
      S3_ENDPOINT: 'http://minio:9000',
    });
    expect(config.storage.s3).toMatchObject({ bucket: 'dossiers', endpoint: 'http://minio:9000' });
    expect(() => createBlobStorage(config.storage)).toThrow(StorageConfigError);
    expect(() => createBlobStorage(config.storage)).toThrow(/STORAGE_BACKEND=s3 is not available.*dossiers/);
  });
});

describe('LocalDiskStorage staging (uploads streamed to disk)', () => {
  let root: string;
  let storage: LocalDiskStorage;
  const chunks = async function* (n: number, size: number) {
    for (let i = 0; i < n; i++) yield Buffer.alloc(size, 0x41 + (i % 26));
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'bf-stage-'));
    storage = new LocalDiskStorage(join(root, 'attachments'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('hashes and counts while streaming, reads back ranges, commits under a key', async () => {
    const staged = await storage.stage(chunks(4, 1000), { maxBytes: 4000 });
    const whole = Buffer.concat([...Array(4).keys()].map((i) => Buffer.alloc(1000, 0x41 + i)));
    expect(staged.sizeBytes).toBe(4000);
    expect(staged.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
    expect((await staged.read(999, 2)).toString()).toBe('AB');
    expect((await staged.read(3990, 100)).length).toBe(10);
    const key = contentKey(staged.sha256);
    await staged.commit(key);
    expect((await storage.get(key))?.equals(whole)).toBe(true);
    await staged.discard(); // no-op after commit
    expect(await storage.exists(key)).toBe(true);
    expect(await readdir(join(root, 'attachments', '.staging'))).toEqual([]);
  });

  it('stops past the limit with BlobTooLargeError and removes what was written; discard removes a staged file', async () => {
    await expect(storage.stage(chunks(10, 1000), { maxBytes: 4500 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await readdir(join(root, 'attachments', '.staging'))).toEqual([]);
    const failing = async function* () {
      yield Buffer.from('partial');
      throw new Error('client went away');
    };
    await expect(storage.stage(failing(), { maxBytes: 100 })).rejects.toThrow('client went away');
    expect(await readdir(join(root, 'attachments', '.staging'))).toEqual([]);
    const staged = await storage.stage(chunks(1, 10), { maxBytes: 10 });
    expect(await readdir(join(root, 'attachments', '.staging'))).toHaveLength(1);
    await staged.discard();
    await staged.discard();
    expect(await readdir(join(root, 'attachments', '.staging'))).toEqual([]);
  });
});
