import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { Client } from '@temporalio/client';
import { LoggerModule } from 'nestjs-pino';
import { ZodValidationPipe } from 'nestjs-zod';
import {
  AuditRepository,
  CaseRecordRepository,
  CaseSummaryRepository,
  ConsoleLookupRepository,
  DashboardRepository,
  DuesRepository,
  IdempotencyRepository,
  IdentityRepository,
  InboxRepository,
  NotificationRepository,
  RegistryRepository,
  WorkingDayRepository,
  type Database,
} from '../../../libs/db';
import { API_SETTINGS, DATABASE, TEMPORAL_CLIENT, type ApiSettings } from './api-settings';
import { AdminModule } from './admin/admin.module';
import { AdmissionController } from './admission/admission.controller';
import { AdmissionContactsService } from './admission/admission-contacts.service';
import { AdmissionDecisionChecks } from './admission/admission-decision.checks';
import { AdmissionGateway } from './admission/admission.gateway';
import { AdmissionRegistryChecks } from './admission/admission-registry.checks';
import { AdmissionService } from './admission/admission.service';
import { ActorService } from './auth/actor.service';
import { AuthGuard } from './auth/auth.guard';
import { AuthController } from './auth/auth.controller';
import { RATE_LIMIT_GUARD, rateLimitModule } from './auth/rate-limit';
import { CodecController } from './codec/codec.controller';
import { AttachmentsModule } from './attachments/attachments.module';
import { CaseGateway } from './cases/case.gateway';
import { CaseReader } from './cases/case-reader';
import { CaseListService } from './cases/case-list.query';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { DECISION_CHECKS } from './cases/decision-check.hook';
import { LapseDecisionChecks } from './orglife/lapse-decision.checks';
import { ElectionController } from './cases/election.controller';
import { EstablishmentRequestChecks } from './cases/establishment-request.checks';
import { QuorumPreviewService } from './cases/quorum-preview.service';
import { TaskFormController } from './cases/task-form.controller';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { StorableRequestInterceptor } from './common/storable-request.interceptor';
import { ConsoleController } from './console/console.controller';
import { DashboardController } from './console/dashboard.controller';
import { webConsoleModule } from './console/web-console.module';
import { IdempotencyService } from './common/idempotency.service';
import { HealthController } from './health/health.controller';
import { InboxController } from './inbox/inbox.controller';
import { DossierModule } from './dossier/dossier.module';
import { loggingOptions } from './logging.options';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { NotificationsController } from './notifications/notifications.controller';
import { OrgLifeModule } from './orglife/orglife.module';
import { DuesService } from './registry/dues.service';
import { RegistryAccess } from './registry/registry-access.service';
import { RegistryController } from './registry/registry.controller';
import { SHUTDOWN_HOOK, ShutdownService, type ShutdownHook } from './shutdown.service';
import { CaseNumbers } from './terms/case-number.query';
import { OrgCaseContexts } from './terms/org-case.context';
import { TermGateway } from './terms/term.gateway';
import { TermsController } from './terms/terms.controller';
import { TermsService } from './terms/terms.service';
import { VacanciesController } from './vacancies/vacancies.controller';
import { VacanciesService } from './vacancies/vacancies.service';

export interface AppModuleOptions {
  settings: ApiSettings;
  database: Database;
  temporalClient: Client;
  logger: boolean;
  onShutdown?: ShutdownHook;
  /** the built web console (apps/web/dist) served from `/`; null or missing folder: not served */
  webRoot?: string | null;
}

const REPOSITORIES = [
  RegistryRepository,
  IdentityRepository,
  InboxRepository,
  AuditRepository,
  CaseSummaryRepository,
  CaseRecordRepository,
  IdempotencyRepository,
  NotificationRepository,
  ConsoleLookupRepository,
  DashboardRepository,
  WorkingDayRepository,
  DuesRepository,
];

/** The HTTP API. Built per call so tests and the launcher inject their own database and Temporal client. */
@Module({})
export class AppModule {
  static forRoot(opts: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggingOptions(opts.logger, opts.settings.logLevel)),
        JwtModule.register({}),
        rateLimitModule(opts.settings, opts.database),
        ...webConsoleModule(opts.webRoot),
      ],
      controllers: [
        AuthController,
        ConsoleController,
        DashboardController,
        TaskFormController,
        CasesController,
        ElectionController,
        AdmissionController,
        InboxController,
        // before RegistryController: `orgs/term-states` must not be read as `orgs/:orgId`
        TermsController,
        VacanciesController,
        RegistryController,
        NotificationsController,
        HealthController,
        MetricsController,
        CodecController,
        ...AttachmentsModule.controllers,
        ...DossierModule.controllers,
        ...AdminModule.controllers,
        ...OrgLifeModule.controllers,
      ],
      providers: [
        { provide: API_SETTINGS, useValue: opts.settings },
        { provide: DATABASE, useValue: opts.database },
        { provide: TEMPORAL_CLIENT, useValue: opts.temporalClient },
        { provide: SHUTDOWN_HOOK, useValue: opts.onShutdown },
        ShutdownService,
        ...REPOSITORIES.map((repository) => ({
          provide: repository,
          useFactory: (database: Database) => new repository(database),
          inject: [DATABASE],
        })),
        MetricsService,
        IdempotencyService,
        ActorService,
        CaseGateway,
        CaseReader,
        CaseListService,
        CasesService,
        QuorumPreviewService,
        EstablishmentRequestChecks,
        RegistryAccess,
        DuesService,
        CaseNumbers,
        OrgCaseContexts,
        TermGateway,
        TermsService,
        VacanciesService,
        ...AttachmentsModule.providers,
        ...DossierModule.providers,
        ...AdminModule.providers,
        ...OrgLifeModule.providers,
        AdmissionRegistryChecks,
        AdmissionGateway,
        AdmissionService,
        AdmissionContactsService,
        AdmissionDecisionChecks,
        LapseDecisionChecks,
        // per-procedure registry checks on the generic decision route
        {
          provide: DECISION_CHECKS,
          useFactory: (admission: AdmissionDecisionChecks, lapse: LapseDecisionChecks) => [admission, lapse],
          inject: [AdmissionDecisionChecks, LapseDecisionChecks],
        },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_GUARD, useClass: AuthGuard },
        RATE_LIMIT_GUARD,
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: StorableRequestInterceptor },
      ],
    };
  }
}
