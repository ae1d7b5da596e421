import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../../../libs/config';
import type { Database } from '../../../libs/db';
import { CaseSummaryRepository } from '../../../libs/db';
import { apiSettingsFrom } from './api-settings.adapter';
import { AppModule } from './app.module';
import { answerClientErrorsAsJson } from './common/client-error';
import { installCodecCors } from './codec/codec-cors';
import { MetricsService } from './metrics/metrics.service';
import { setupOpenApi } from './openapi.setup';

export interface CreateAppOptions {
  config: AppConfig;
  database: Database;
  temporalClient: Client;
  /** JSON request logs; default true. Tests pass false. */
  logger?: boolean;
  /** teardown run once when the app closes (app.close() or a shutdown signal), after the HTTP server stopped */
  onShutdown?: () => Promise<void>;
  /** the built web console served from `/` (default: none); see console/web-console.module.ts */
  webRoot?: string | null;
}

/**
 * Builds the configured (not yet listening) API application: global prefix /api (health and metrics stay at the
 * root), zod validation, bearer auth guard, the one error filter, Swagger at /api/docs.
 * The caller owns `database` and `temporalClient` and closes them after `app.close()`.
 */
export async function createApp(opts: CreateAppOptions): Promise<INestApplication> {
  const logger = opts.logger ?? true;
  const app = await NestFactory.create(
    AppModule.forRoot({
      settings: apiSettingsFrom(opts.config),
      database: opts.database,
      temporalClient: opts.temporalClient,
      logger,
      onShutdown: opts.onShutdown,
      webRoot: opts.webRoot ?? opts.config.http.webRoot,
    }),
    { bufferLogs: logger, logger: logger ? undefined : false },
  );
  if (logger) app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  const summaries = app.get(CaseSummaryRepository);
  app.get(MetricsService).useStatusCounter(() => summaries.countByStatus());
  installCodecCors(app, opts.config.temporal.uiUrl);
  if (opts.config.http.docs) setupOpenApi(app);
  answerClientErrorsAsJson(app.getHttpServer());
  await app.init();
  return app;
}
