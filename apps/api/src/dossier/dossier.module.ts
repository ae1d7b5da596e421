import type { Provider } from '@nestjs/common';
import { DossierController } from './dossier.controller';
import { DossierService } from './dossier.service';

/**
 * 纪实: controllers and providers registered in AppModule (they use its CasesService and repositories, and the
 * AttachmentRepository of AttachmentsModule).
 */
export const DossierModule = {
  controllers: [DossierController],
  providers: [DossierService] satisfies Provider[],
};
