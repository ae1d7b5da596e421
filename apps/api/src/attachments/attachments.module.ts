import type { Provider } from '@nestjs/common';
import { AttachmentRepository, type Database } from '../../../../libs/db';
import { createBlobStorage, LocalDiskStorage } from '../../../../libs/storage';
import { API_SETTINGS, DATABASE, type ApiSettings } from '../api-settings';
import { AttachmentsController, AttachmentUploadInterceptor } from './attachments.controller';
import { AttachmentsService, BLOB_STORAGE } from './attachments.service';

/**
 * Evidence attachments: controllers and providers registered in AppModule (they use its CasesService and database).
 * The store is built at startup, so a backend that cannot be used (STORAGE_BACKEND=s3) stops the API right away.
 */
export const AttachmentsModule = {
  controllers: [AttachmentsController],
  providers: [
    {
      provide: BLOB_STORAGE,
      useFactory: (settings: ApiSettings) => {
        const storage = createBlobStorage(settings.storage);
        // uploads a previous process was receiving when it died
        if (storage instanceof LocalDiskStorage) void storage.sweepStaging().catch(() => undefined);
        return storage;
      },
      inject: [API_SETTINGS],
    },
    { provide: AttachmentRepository, useFactory: (db: Database) => new AttachmentRepository(db), inject: [DATABASE] },
    AttachmentsService,
    AttachmentUploadInterceptor,
  ] satisfies Provider[],
};
