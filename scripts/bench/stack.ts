import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../apps/api/src';
import { startWorkerInProcess, type RunningWorker } from '../../apps/worker/src';
import { loadConfig } from '../../libs/config';
import { searchAttributeKeys } from '../../libs/contracts';
import { openDatabase, openTestDatabase, seedDemoData, type Database, type DatabaseKind } from '../../libs/db';
import { installQuietTemporalRuntime } from './temporal-log';

export const BASELINE_TASK_QUEUE = 'bench-baseline';

/** Everything the bench talks to, all on 127.0.0.1 inside this process except the Temporal dev server child. */
export interface BenchStack {
  baseUrl: string;
  client: Client;
  database: Database;
  /** the dev server's frontend address (host:port) */
  temporalAddress: string;
  /** 'pglite' (in memory) or 'postgres' (a throw-away database on TEST_PG_ADMIN_URL's server, dropped at stop) */
  databaseKind: DatabaseKind;
  namespace: string;
  stop(): Promise<void>;
}

export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(resolve(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** The Temporal CLI that scripts/ensure-temporal.sh installs (TEMPORAL_CLI_PATH overrides, as in the tests). */
function temporalCliPath(): string {
  const path = process.env.TEMPORAL_CLI_PATH || resolve(repoRoot(), '.tools/pypi/bin/temporal');
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`Temporal CLI not found at ${path}; run \`bash scripts/ensure-temporal.sh\``);
  }
  return path;
}

/** Runs `step`, printing how long it took (setup progress goes to stderr, figures to stdout). */
async function timed<T>(what: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await step();
  process.stderr.write(`  ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  return value;
}

/**
 * Temporal CLI dev server (in-memory SQLite, search attributes registered), in-memory PGlite with the demo data (plus
 * what `beforeWorker` adds), the Branchflow worker in-process (its term-clock bootstrap opens due term elections) with real activities and no mailer, a second worker for the baseline
 * workflow on its own task queue, and the API listening on an ephemeral port.
 */
export interface BenchStackOptions {
  /** runs on the seeded database before the worker starts, so the worker's term-clock bootstrap sees its rows */
  beforeWorker?: (database: Database) => Promise<void>;
  /** default 'pglite' (in memory); 'postgres' → a throw-away database on the local server */
  database?: DatabaseKind;
  /** a prebuilt workflow bundle (else the worker bundles workflows/ at start) */
  workflowBundle?: { codePath: string };
}

export async function startBenchStack(opts: BenchStackOptions = {}): Promise<BenchStack> {
  installQuietTemporalRuntime();
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => process.stderr.write(`  teardown step failed: ${String(err)}\n`));
    }
  };
  try {
    const env = await timed('temporal dev server started', () =>
      TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: temporalCliPath() },
          ip: '127.0.0.1',
          ui: false,
          log: { format: 'pretty', level: 'error' },
          searchAttributes: Object.values(searchAttributeKeys),
        },
      }),
    );
    cleanups.push(() => env.teardown());
    const namespace = env.namespace ?? 'default';

    const kind = opts.database ?? 'pglite';
    const opened = await timed(
      kind === 'pglite'
        ? 'pglite in memory, migrated and seeded'
        : 'throw-away postgresql database, migrated and seeded',
      async () => {
        const db: Database & { drop?: () => Promise<void> } =
          kind === 'pglite' ? await openDatabase({ pgliteDir: 'memory://' }) : await openTestDatabase(kind);
        await seedDemoData(db);
        await opts.beforeWorker?.(db);
        return db;
      },
    );
    const database: Database = opened;
    cleanups.push(() => (opened.drop ? opened.drop() : opened.close()));

    const worker: RunningWorker = await timed('branchflow worker bundled and running', () =>
      startWorkerInProcess({
        database,
        mailer: null,
        mailFrom: 'Branchflow bench <bench@branchflow.local>',
        webBaseUrl: 'http://127.0.0.1',
        connection: env.nativeConnection,
        temporal: { address: env.address, namespace },
        ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : {}),
      }),
    );
    cleanups.push(() => worker.stop());

    const baseline = await timed('baseline worker bundled and running', () =>
      Worker.create({
        connection: env.nativeConnection,
        namespace,
        taskQueue: BASELINE_TASK_QUEUE,
        workflowsPath: require.resolve('./baseline.workflows'),
      }),
    );
    const baselineRunning = baseline.run();
    cleanups.push(async () => {
      if (baseline.getState() === 'RUNNING') baseline.shutdown();
      await baselineRunning;
    });

    const config = loadConfig({
      NODE_ENV: 'test',
      AUTH_MODE: 'dev',
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: namespace,
      PGLITE_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      // the built console, served from / as in production (the console figures load it in Chromium)
      WEB_ROOT: resolve(repoRoot(), 'apps/web/dist'),
    });
    const app: INestApplication = await timed('api listening', async () => {
      const created = await createApp({ config, database, temporalClient: env.client, logger: false });
      await created.listen(0, '127.0.0.1');
      return created;
    });
    cleanups.push(() => app.close());
    const { port } = app.getHttpServer().address() as AddressInfo;

    return {
      baseUrl: `http://127.0.0.1:${port}`,
      client: env.client,
      database,
      temporalAddress: env.address,
      databaseKind: kind,
      namespace,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
