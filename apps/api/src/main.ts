import { resolve } from 'node:path';
import pino from 'pino';
import { loadServiceConfig } from '../../../libs/config';
import { openDatabase, seedDemoData, type Database } from '../../../libs/db';
import { createApp } from './create-app';
import { connectTemporalClient } from './temporal-client.factory';

type StopWorker = () => Promise<void>;

/**
 * PGlite admits one process, so with the embedded database the worker runs inside the API process
 * (EMBEDDED_WORKER=1). Loaded lazily: a plain API process never loads the worker runtime.
 */
async function startEmbeddedWorker(
  config: ReturnType<typeof loadServiceConfig>,
  database: Database,
  logger: pino.Logger,
): Promise<{ stop: StopWorker; closeMailer: () => void }> {
  const { startWorkerInProcess, workerDepsFromConfig } = await import('../../worker/src');
  const deps = workerDepsFromConfig(config, database, { logger, webBaseUrl: config.http.webBaseUrl });
  const worker = await startWorkerInProcess(deps);
  return { stop: () => worker.stop(), closeMailer: () => deps.mailer?.close() };
}

async function main(): Promise<void> {
  const config = loadServiceConfig();
  const logger = pino({ level: config.log.level, base: { service: 'branchflow-api' } });
  const database = await openDatabase({ url: config.db.url, pgliteDir: config.db.pgliteDir });
  // Demo registry and users for local runs; seeding is idempotent and never runs against production Postgres.
  if (database.kind === 'pglite' || config.env === 'development') await seedDemoData(database);
  logger.info({ kind: database.kind }, 'database open');

  let connection: Awaited<ReturnType<typeof connectTemporalClient>>['connection'] | undefined;
  let embedded: Awaited<ReturnType<typeof startEmbeddedWorker>> | null = null;
  let closed = false;
  const teardown = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // Worker first: its in-flight activities still need the database.
    await embedded?.stop().catch((err: unknown) => logger.error({ err }, 'worker stop failed'));
    embedded?.closeMailer();
    await connection?.close().catch((err: unknown) => logger.error({ err }, 'temporal connection close failed'));
    await database.close();
    logger.info('api stopped');
  };

  try {
    const temporal = await connectTemporalClient(config);
    connection = temporal.connection;
    embedded = config.worker.embedded ? await startEmbeddedWorker(config, database, logger) : null;
    // dist/apps/api/src → the repository root; the console is built into apps/web/dist (npm start, npm test)
    const webRoot = config.http.webRoot ?? resolve(__dirname, '../../../../apps/web/dist');
    const app = await createApp({ config, database, temporalClient: temporal.client, onShutdown: teardown, webRoot });
    // Nest closes the app on SIGINT/SIGTERM; onShutdown then stops the worker and closes Temporal and the database.
    app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
    // dev mode binds to 127.0.0.1 (HOST; libs/config): minted dev tokens never reach the network
    await app.listen(config.http.port, config.http.host);
  } catch (err) {
    await teardown();
    throw err;
  }
  logger.info({ host: config.http.host, port: config.http.port, embeddedWorker: embedded !== null }, 'api listening');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', msg: 'api failed', err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) })}\n`,
  );
  process.exitCode = 1;
});
