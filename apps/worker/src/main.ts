import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import { loadServiceConfig } from '../../../libs/config';
import { openDatabase } from '../../../libs/db';
import { workerMetrics } from './activity-metrics.interceptor';
import { installTemporalRuntimeLogger } from './temporal-logger';
import { startWorkerInProcess, workerDepsFromConfig } from './worker.runner';

/** dist/workflow-bundle.js when the build produced one (compiled layout: dist/apps/worker/src/main.js). */
function prebuiltWorkflowBundle(): { codePath: string } | undefined {
  const codePath = resolve(__dirname, '../../../workflow-bundle.js');
  return existsSync(codePath) ? { codePath } : undefined;
}

/** GET /metrics of a standalone worker (Prometheus text format). */
function serveMetrics(port: number) {
  return createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    workerMetrics.metrics().then(
      (body) => res.writeHead(200, { 'content-type': workerMetrics.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  }).listen(port, '0.0.0.0');
}

async function main(): Promise<void> {
  const config = loadServiceConfig();
  const logger = pino({ level: config.log.level, base: { service: 'branchflow-worker' } });
  // Before any NativeConnection exists: route Temporal's runtime and SDK logs into pino.
  installTemporalRuntimeLogger(logger);

  const database = await openDatabase({ url: config.db.url, pgliteDir: config.db.pgliteDir });
  logger.info({ kind: database.kind }, 'database open');
  const deps = workerDepsFromConfig(config, database, { logger, workflowBundle: prebuiltWorkflowBundle() });

  let worker: Awaited<ReturnType<typeof startWorkerInProcess>> | undefined;
  const metricsServer = config.worker.metricsPort ? serveMetrics(config.worker.metricsPort) : null;
  try {
    worker = await startWorkerInProcess(deps);
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutdown requested');
      // A failed shutdown must be logged, not surface as an unhandled rejection; `running` still settles the process.
      Promise.resolve()
        .then(() => worker?.stop())
        .catch((err: unknown) => logger.error({ err, signal }, 'worker shutdown failed'));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await worker.running;
  } finally {
    deps.mailer?.close();
    metricsServer?.close();
    await database.close();
    logger.info('database closed');
  }
}

main().catch((err: unknown) => {
  // pino may not exist yet (bad config): write one JSON line by hand.
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', msg: 'worker failed', err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) })}\n`,
  );
  process.exitCode = 1;
});
