import { readFileSync } from 'node:fs';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TLSConfig } from '@temporalio/worker';
import type { Worker } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';
import { createActivities } from '../../../activities';
import type { MailSender } from '../../../activities';
import type { AppConfig, TrustConfig } from '../../../libs/config';
import { trustedClientOptions } from '../../../libs/temporal-trust';
import type { Database } from '../../../libs/db';
import { createSmtpMailSender } from '../../../activities';
import { ensureTermClocks } from './term-clock-bootstrap';
import { installTemporalRuntimeLogger } from './temporal-logger';
import { createBranchflowWorker } from './worker.factory';

export interface TemporalTlsFiles {
  certPath?: string;
  keyPath?: string;
  caPath?: string;
  serverName?: string;
}

export interface TemporalEndpoint {
  address: string;
  namespace: string;
  taskQueue?: string;
  /** true → TLS with system roots; files → mTLS / private CA; absent → plaintext */
  tls?: boolean | TemporalTlsFiles;
}

/** TLS options for NativeConnection from file paths (PEM). */
export function tlsConfigFrom(tls: TemporalEndpoint['tls']): TLSConfig | boolean | undefined {
  if (!tls) return undefined;
  if (tls === true) return true;
  const config: TLSConfig = {};
  if (tls.serverName) config.serverNameOverride = tls.serverName;
  if (tls.caPath) config.serverRootCACertificate = readFileSync(tls.caPath);
  if (tls.certPath && tls.keyPath) {
    config.clientCertPair = { crt: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) };
  }
  return config;
}

export function connectTemporal(endpoint: TemporalEndpoint): Promise<NativeConnection> {
  const tls = tlsConfigFrom(endpoint.tls);
  return NativeConnection.connect({ address: endpoint.address, ...(tls !== undefined ? { tls } : {}) });
}

export interface InProcessWorkerDeps {
  database: Database;
  mailer: MailSender | null;
  mailFrom: string;
  webBaseUrl: string;
  /** either an existing connection (caller closes it) or an endpoint to connect to (closed by stop()) */
  connection?: NativeConnection;
  temporal: TemporalEndpoint;
  workflowBundle?: { codePath: string };
  logger?: PinoLogger;
  /** start a term clock for every active organization once the worker runs (default true; tests may pass false) */
  bootstrapTermClocks?: boolean;
  /** outbox claim lease for email delivery (default 2 minutes) */
  mailClaimLeaseMs?: number;
  /** sticky cache size; absent → the SDK default */
  maxCachedWorkflows?: number;
  /** payload encryption and actor-assertion keys (issue 8 §4); absent only in benchmarks and old test harnesses */
  trust?: TrustConfig;
}

export interface RunningWorker {
  worker: Worker;
  /** settles when the worker stopped; rejects if it failed */
  running: Promise<void>;
  /** graceful shutdown: stop polling, finish in-flight tasks, close an owned connection. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs the Temporal worker inside the calling process. Used by apps/worker/main.ts and by the API bootstrap when the
 * database is embedded PGlite, which only one process may open (both then share one `Database`).
 * The database stays owned by the caller.
 */
export async function startWorkerInProcess(deps: InProcessWorkerDeps): Promise<RunningWorker> {
  if (deps.logger) installTemporalRuntimeLogger(deps.logger);
  const ownsConnection = !deps.connection;
  const connection = deps.connection ?? (await connectTemporal(deps.temporal));
  let worker: Worker;
  // Activities that start workflows (startTermClock) and the term-clock bootstrap use a client on the worker's own
  // connection; the starts it makes are signed with the worker's key (no actor), as the workflows require.
  const client = new Client({
    connection,
    namespace: deps.temporal.namespace,
    ...(deps.trust ? trustedClientOptions(deps.trust) : {}),
  });
  try {
    worker = await createBranchflowWorker({
      connection,
      namespace: deps.temporal.namespace,
      taskQueue: deps.temporal.taskQueue,
      activities: createActivities({
        database: deps.database,
        mailer: deps.mailer,
        mailFrom: deps.mailFrom,
        webBaseUrl: deps.webBaseUrl,
        temporalClient: client,
        taskQueue: deps.temporal.taskQueue,
        mailClaimLeaseMs: deps.mailClaimLeaseMs,
      }),
      workflowBundle: deps.workflowBundle,
      maxCachedWorkflows: deps.maxCachedWorkflows,
      trust: deps.trust,
    });
  } catch (err) {
    if (ownsConnection) await connection.close();
    throw err;
  }
  const running = worker.run();
  // Keep an unobserved failure from crashing the process before someone awaits `running` or `stop()`.
  running.catch((err: unknown) => deps.logger?.error({ err }, 'temporal worker stopped with an error'));
  deps.logger?.info(
    { namespace: deps.temporal.namespace, taskQueue: worker.options.taskQueue },
    'temporal worker started',
  );
  if (deps.bootstrapTermClocks !== false) {
    // A failure here must not stop the worker: the next start retries, and running clocks are skipped.
    try {
      const clocks = await ensureTermClocks({
        client,
        database: deps.database,
        taskQueue: worker.options.taskQueue,
      });
      deps.logger?.info(
        { started: clocks.started.length, running: clocks.running.length, skipped: clocks.skipped },
        'term clocks ensured',
      );
    } catch (err) {
      deps.logger?.error({ err }, 'term clock bootstrap failed');
    }
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      try {
        await running;
      } finally {
        if (ownsConnection) await connection.close();
        deps.logger?.info('temporal worker stopped');
      }
    })();
    return stopping;
  };
  return { worker, running, stop };
}

/**
 * Worker dependencies from the typed configuration: mailer from SMTP_URL (none → email rows stay pending),
 * Temporal endpoint with mTLS when TEMPORAL_TLS_* are set. The caller owns `database`; close `mailer` on shutdown.
 */
export function workerDepsFromConfig(
  config: AppConfig,
  database: Database,
  opts: { logger?: PinoLogger; webBaseUrl?: string; workflowBundle?: { codePath: string } } = {},
): InProcessWorkerDeps & { mailer: (MailSender & { close(): void }) | null } {
  const mailer = config.mail.smtpUrl
    ? createSmtpMailSender({ smtpUrl: config.mail.smtpUrl, from: config.mail.from })
    : null;
  if (!mailer) opts.logger?.warn('SMTP_URL not set: email notifications stay pending in the outbox');
  return {
    database,
    mailer,
    mailFrom: config.mail.from,
    webBaseUrl: opts.webBaseUrl ?? `http://localhost:${config.http.port}`,
    temporal: {
      address: config.temporal.address,
      namespace: config.temporal.namespace,
      ...(config.temporal.tls ? { tls: config.temporal.tls } : {}),
    },
    workflowBundle: opts.workflowBundle,
    logger: opts.logger,
    mailClaimLeaseMs: config.mail.claimLeaseMs,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    trust: config.trust,
  };
}
