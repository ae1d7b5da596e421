import type { Provider } from '@nestjs/common';
import { OrgLifeRepository, type Database } from '../../../../libs/db';
import { DATABASE } from '../api-settings';
import { AppraisalService } from './appraisal.service';
import { YearlyCycleController } from './yearly-cycle.controller';
import { DemocraticLifeService } from './democratic-life.service';
import { MeetingAttachmentsService } from './meeting-attachments.service';
import { SecretaryReportService } from './secretary-report.service';
import { OrgLifeComplianceService } from './orglife-compliance.service';
import { MeetingAttachmentUploadInterceptor, OrgLifeController } from './orglife.controller';
import { OrgLifeService } from './orglife.service';

/**
 * Organizational life (RULES §F): registered in AppModule, which provides the registry, identity and Temporal client, and
 * (AttachmentsModule) the attachment store that meeting records share with cases.
 */
export const OrgLifeModule = {
  controllers: [OrgLifeController, YearlyCycleController],
  providers: [
    { provide: OrgLifeRepository, useFactory: (db: Database) => new OrgLifeRepository(db), inject: [DATABASE] },
    OrgLifeService,
    AppraisalService,
    OrgLifeComplianceService,
    MeetingAttachmentsService,
    MeetingAttachmentUploadInterceptor,
    DemocraticLifeService,
    SecretaryReportService,
  ] satisfies Provider[],
};
