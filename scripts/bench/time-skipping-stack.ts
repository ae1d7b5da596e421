import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startWorkerInProcess } from '../../apps/worker/src';
import { searchAttributeKeys } from '../../libs/contracts';
import { openDatabase, seedDemoData, type Database } from '../../libs/db';
import { repoRoot } from './stack';
import { installQuietTemporalRuntime } from './temporal-log';

/** The Java time-skipping test server that scripts/ensure-temporal.sh installs (TEMPORAL_TEST_SERVER_PATH overrides). */
function timeSkippingServerPath(): string {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH || resolve(repoRoot(), '.tools/pypi/bin/temporal-test-server');
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`Temporal time-skipping test server not found at ${path}; run \`bash scripts/ensure-temporal.sh\``);
  }
  return path;
}

/**
 * The time-skipping server answers the client's default 30-second keepalive pings with GOAWAY "too many pings" (as
 * test/support/temporal-env.ts explains); its clients ping every 5 minutes. Patched only while the environment is
 * created, so the dev-server connections of the rest of the bench keep their defaults.
 */
async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const connect = Connection.connect;
  Connection.connect = (options?: ConnectionOptions) =>
    connect.call(Connection, {
      ...options,
      channelArgs: {
        'grpc.keepalive_time_ms': 300_000,
        'grpc.keepalive_permit_without_calls': 0,
        ...options?.channelArgs,
      },
    });
  try {
    return await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: timeSkippingServerPath() } },
    });
  } finally {
    Connection.connect = connect;
  }
}

/** The test server takes no `--search-attribute` flags; it fails upserts of unregistered attributes. */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const searchAttributes: Record<string, number> = {};
  for (const { name, type } of Object.values(searchAttributeKeys)) {
    const indexed = encodeSearchAttributeIndexedValueType(type);
    if (indexed === undefined) throw new Error(`search attribute ${name}: no indexed value type for ${type}`);
    searchAttributes[name] = indexed;
  }
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
}

/** The time-skipping server with the Branchflow worker in this process on an in-memory PGlite holding the demo data. */
export interface TimeSkippingStack {
  env: TestWorkflowEnvironment;
  database: Database;
  taskQueue: string;
  stop(): Promise<void>;
}

/**
 * Starts the Java time-skipping test server and a Branchflow worker in this process (the prebuilt bundle, real
 * activities, no term clocks bootstrapped) on an in-memory PGlite with the demo data. `stop` tears down in reverse.
 */
export async function startTimeSkippingStack(
  taskQueue: string,
  bundle: { codePath: string },
): Promise<TimeSkippingStack> {
  installQuietTemporalRuntime();
  const env = await createTimeSkippingEnv();
  const cleanups: (() => Promise<void>)[] = [() => env.teardown()];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => process.stderr.write(`  teardown step failed: ${String(err)}\n`));
    }
  };
  try {
    await registerSearchAttributes(env);
    const database = await openDatabase({ pgliteDir: 'memory://' });
    cleanups.push(() => database.close());
    await seedDemoData(database);
    const worker = await startWorkerInProcess({
      database,
      mailer: null,
      mailFrom: 'Branchflow bench <bench@branchflow.local>',
      webBaseUrl: 'http://127.0.0.1',
      connection: env.nativeConnection,
      temporal: { address: env.address, namespace: env.namespace ?? 'default', taskQueue },
      workflowBundle: bundle,
      bootstrapTermClocks: false,
    });
    cleanups.push(() => worker.stop());
    return { env, database, taskQueue, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
