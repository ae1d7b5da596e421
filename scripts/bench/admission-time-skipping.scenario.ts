import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startWorkerInProcess } from '../../apps/worker/src';
import { searchAttributeKeys, type AdmissionDates, type CaseState } from '../../libs/contracts';
import { openDatabase, seedDemoData } from '../../libs/db';
import { admissionInput, driveAdmissionHappyPath, seedApplicants, startAdmissionCase } from './admission.driver';
import { caseHistorySize, type CaseHistorySize } from './history';
import { elapsedSince } from './stats';
import { repoRoot } from './stack';
import { installQuietTemporalRuntime } from './temporal-log';

export interface AdmissionTimeSkippingResult {
  caseId: string;
  /** workflow start → result, the whole case driven by updates and server time skips */
  wallMs: number;
  updates: number;
  skips: number;
  /** application → archive in case time (days) */
  caseDays: number;
  dates: AdmissionDates;
  history: CaseHistorySize;
}

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

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * One complete member development case (RULES §E, E1–E25, about two and a half years of case time) on the Java
 * time-skipping test server, with the Branchflow worker in this process (prebuilt bundle, real activities) on an
 * in-memory PGlite with the demo data. The wall time covers start → result; server and worker start-up are not in it.
 */
export async function measureAdmissionOnTimeSkipping(bundle: {
  codePath: string;
}): Promise<AdmissionTimeSkippingResult> {
  installQuietTemporalRuntime();
  const env = await createTimeSkippingEnv();
  const cleanups: (() => Promise<void>)[] = [() => env.teardown()];
  try {
    await registerSearchAttributes(env);
    const database = await openDatabase({ pgliteDir: 'memory://' });
    cleanups.push(() => database.close());
    await seedDemoData(database);
    await seedApplicants(database, 'ts', 1);
    const taskQueue = 'bench-admission-time-skipping';
    const namespace = env.namespace ?? 'default';
    const worker = await startWorkerInProcess({
      database,
      mailer: null,
      mailFrom: 'Branchflow bench <bench@branchflow.local>',
      webBaseUrl: 'http://127.0.0.1',
      connection: env.nativeConnection,
      temporal: { address: env.address, namespace, taskQueue },
      workflowBundle: bundle,
      bootstrapTermClocks: false,
    });
    cleanups.push(() => worker.stop());

    const input = admissionInput('p-bench-adm-ts-0', '申请人1');
    const t0 = performance.now();
    const handle = await startAdmissionCase(env.client, taskQueue, input);
    const counts = await driveAdmissionHappyPath(handle, (duration) => env.sleep(duration));
    const final = (await handle.result()) as CaseState;
    const wallMs = elapsedSince(t0);
    if (final.status !== 'completed') throw new Error(`${input.caseId} ended ${final.status} (${final.closeReason})`);
    const dates = final.data.dates as AdmissionDates;
    return {
      caseId: input.caseId,
      wallMs,
      ...counts,
      caseDays: daysBetween(dates.application!, dates.archived!),
      dates,
      history: await caseHistorySize(env.client, input.caseId),
    };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => process.stderr.write(`  teardown step failed: ${String(err)}\n`));
    }
  }
}
