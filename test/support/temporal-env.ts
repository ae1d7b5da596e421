import { defineSearchAttributeKey, TypedSearchAttributes } from '@temporalio/common';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { LocalTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../../libs/contracts';
import { sdkDownloadAllowed, temporalCliPath, timeSkippingServerPath } from './temporal-binaries';

type DevServerOptions = NonNullable<LocalTestWorkflowEnvironmentOptions['server']>;
type Executable = NonNullable<DevServerOptions['executable']>;

/** Dev-server options a test may set; the executable, bind address and search attributes are fixed here. */
export type DevServerEnvOptions = Pick<DevServerOptions, 'port' | 'namespace' | 'dbFilename' | 'log' | 'extraArgs'>;

/** Typed keys for every custom search attribute the contracts declare (metadata type names → SDK types). */
export function searchAttributeKeys(): SearchAttributeKey<SearchAttributeType>[] {
  return Object.entries(SEARCH_ATTRIBUTES).map(([name, metadataType]) => {
    const type = TypedSearchAttributes.toSearchAttributeType(metadataType);
    if (!type) throw new Error(`SEARCH_ATTRIBUTES.${name}: unknown search attribute type ${metadataType}`);
    return defineSearchAttributeKey(name, type);
  });
}

function executable(resolvePath: () => string): Executable {
  try {
    return { type: 'existing-path', path: resolvePath() };
  } catch (error) {
    if (sdkDownloadAllowed()) return { type: 'cached-download' };
    throw error;
  }
}

/**
 * Registers SEARCH_ATTRIBUTES through the operator service. Needed on the time-skipping test server: it takes no
 * `--search-attribute` flags and fails a workflow task that upserts an unregistered attribute
 * ("BadSearchAttributes: search attribute OrgPath is not defined"), but it implements AddSearchAttributes.
 */
export async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const searchAttributes = Object.fromEntries(
    searchAttributeKeys().map(({ name, type }) => {
      const indexedType = encodeSearchAttributeIndexedValueType(type);
      if (indexedType === undefined) throw new Error(`search attribute ${name}: no indexed value type for ${type}`);
      return [name, indexedType];
    }),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
}

/**
 * Java time-skipping test server from .tools/pypi, with SEARCH_ATTRIBUTES registered.
 * Timers complete instantly while the test awaits a workflow result; run these tests serially (--runInBand).
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  relaxClientKeepalive();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executable(timeSkippingServerPath) },
  });
  try {
    await registerSearchAttributes(env);
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}

/** Temporal CLI dev server (in-memory SQLite, random port, no UI) with the contracts' search attributes registered. */
export function createDevServerEnv(opts: DevServerEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      ...opts,
      executable: executable(temporalCliPath),
      ip: '127.0.0.1',
      ui: false,
      searchAttributes: searchAttributeKeys(),
    },
  });
}

let keepaliveRelaxed = false;
/**
 * The Java time-skipping server enforces grpc-java's default keepalive policy (no pings more often than every
 * 5 minutes, none without calls) and answers the client's default 30-second pings with GOAWAY "too many pings";
 * an update waiting on that connection can then hang. The clients of the test environments ping every 5 minutes.
 */
function relaxClientKeepalive(): void {
  if (keepaliveRelaxed) return;
  keepaliveRelaxed = true;
  const connect = Connection.connect.bind(Connection);
  Connection.connect = (options?: ConnectionOptions) =>
    connect({
      ...options,
      channelArgs: {
        'grpc.keepalive_time_ms': 300_000,
        'grpc.keepalive_permit_without_calls': 0,
        ...options?.channelArgs,
      },
    });
}
