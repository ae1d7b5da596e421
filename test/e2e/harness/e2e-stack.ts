import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { createSmtpMailSender } from '../../../activities';
import { createApp } from '../../../apps/api/src';
import { startWorkerInProcess, type RunningWorker } from '../../../apps/worker/src';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../../apps/worker/src/smtp-sink';
import { loadConfig } from '../../../libs/config';
import { trustedClientOptions } from '../../../libs/temporal-trust';
import { openDatabase, openTestDatabase, seedDemoData, TEST_PG_ADMIN_URL, type Database } from '../../../libs/db';
import { createDevServerEnv } from '../../support/temporal-env';
import { useStackWorkerEnv } from './worker-process';

let runtimeInstalled = false;
function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier suite in this process
  }
}

export interface E2eStack {
  env: TestWorkflowEnvironment;
  database: Database;
  app: INestApplication;
  /** the API's Temporal client (encrypted payloads, signed updates); env.client sees ciphertext */
  client: Client;
  /** the stack's trust keys (issue 8 §4), as environment for another process (a spawned worker) */
  trustEnv: Record<string, string>;
  baseUrl: string;
  mails: ReceivedMail[];
  smtp: SmtpSink;
  worker: RunningWorker | null;
  temporalAddress: string;
  smtpUrl: string;
  /** postgres lane only: the URL another process (the worker) can open */
  databaseUrl: string | null;
  startWorker(): Promise<RunningWorker>;
  stop(): Promise<void>;
}

/**
 * The whole system on real parts: Temporal CLI dev server (search attributes registered), a database (in-memory
 * PGlite, or a fresh PostgreSQL database), a real SMTP server receiving mail, the worker, and the HTTP API.
 */
export async function startE2eStack(
  opts: { lane?: 'pglite' | 'postgres'; inProcessWorker?: boolean; env?: Record<string, string> } = {},
): Promise<E2eStack> {
  quietTemporalRuntime();
  const env = await createDevServerEnv();
  const temporalAddress = env.address;
  const testDb = opts.lane === 'postgres' ? await openTestDatabase('postgres') : null;
  const database: Database = testDb ?? (await openDatabase({ pgliteDir: 'memory://' }));
  await seedDemoData(database);
  const mails: ReceivedMail[] = [];
  const smtp = await startSmtpSink({ port: 0, host: '127.0.0.1', onMail: (m) => void mails.push(m) });
  const smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
  // Fresh keys per stack, shared by the API, the in-process worker and any spawned worker (issue 8 §4); with every
  // key set, a spawned worker in dev mode never reaches for an install's keys under ./data.
  const trustEnv = {
    ACTOR_ASSERTION_KEYS: `e2e:${randomBytes(32).toString('base64')}`,
    PAYLOAD_KEYS: `e2e:${randomBytes(32).toString('base64')}`,
    JWT_SECRET: randomBytes(48).toString('base64'),
  };
  useStackWorkerEnv(trustEnv);
  const config = loadConfig({
    AUTH_MODE: 'dev',
    ...trustEnv,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    SMTP_URL: smtpUrl,
    ...opts.env,
  } as NodeJS.ProcessEnv);

  const startWorker = () =>
    startWorkerInProcess({
      database,
      mailer: createSmtpMailSender({ smtpUrl, from: 'branchflow@example.gov.cn' }),
      mailFrom: 'branchflow@example.gov.cn',
      webBaseUrl: 'http://127.0.0.1',
      connection: env.nativeConnection,
      temporal: { address: temporalAddress, namespace: 'default' },
      trust: config.trust,
    });
  const worker = opts.inProcessWorker === false ? null : await startWorker();
  const client = new Client({
    connection: env.connection,
    namespace: 'default',
    ...trustedClientOptions(config.trust),
  });
  const app = await createApp({ config, database, temporalClient: client, logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const stack: E2eStack = {
    env,
    database,
    app,
    client,
    trustEnv,
    baseUrl: `http://127.0.0.1:${address.port}`,
    mails,
    smtp,
    worker,
    temporalAddress,
    smtpUrl,
    databaseUrl: testDb ? databaseUrlFor(testDb.name) : null,
    startWorker,
    stop: async () => {
      await app.close();
      await stack.worker?.stop();
      await smtp.close();
      if (testDb) await testDb.drop();
      else await database.close();
      await env.teardown();
    },
  };
  return stack;
}

function databaseUrlFor(name: string): string {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
