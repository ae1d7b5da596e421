export * from './blob-storage';
export * from './storage-key';
export * from './local-disk.storage';
export * from './storage.factory';
