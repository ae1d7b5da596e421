import type { StorageConfig } from '../config';
import { StorageConfigError, type BlobStorage } from './blob-storage';
import { LocalDiskStorage } from './local-disk.storage';

/**
 * The configured attachment store. `local` (default): files under `ATTACHMENTS_DIR`. `s3`: described in the README
 * (S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE) but not built into
 * this release, so selecting it stops the startup with this message instead of failing on the first upload.
 */
export function createBlobStorage(config: StorageConfig): BlobStorage {
  if (config.backend === 'local') return new LocalDiskStorage(config.dir);
  if (config.backend === 's3') {
    throw new StorageConfigError(
      'STORAGE_BACKEND=s3 is not available in this build: the S3-compatible backend is described in the README ' +
        '("Dossier and attachments") but not implemented. Use STORAGE_BACKEND=local with ATTACHMENTS_DIR on a ' +
        `shared volume${config.s3?.bucket ? ` (configured bucket: ${config.s3.bucket})` : ''}.`,
    );
  }
  throw new StorageConfigError(`unknown STORAGE_BACKEND ${JSON.stringify(config.backend)}`);
}
