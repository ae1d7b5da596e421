import { activityMetricsInterceptor } from './activity-metrics.interceptor';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { TrustConfig } from '../../../libs/config';
import { TASK_QUEUE } from '../../../libs/contracts';
import { workerTrustOptions } from '../../../libs/temporal-trust';

export interface BranchflowWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  activities: object;
  /** pre-built bundle (production); without it the worker bundles workflows/index.ts at start (dev, tests) */
  workflowBundle?: { codePath: string };
  identity?: string;
  /** sticky cache size; absent → the SDK default (derived from the heap limit) */
  maxCachedWorkflows?: number;
  /**
   * encrypted payloads and signed actor assertions (issue 8 §4); every worker built from configuration has them. The
   * assertion keys are written into the workflow bundle at start, so a pre-built bundle is not used with them.
   */
  trust?: TrustConfig;
}

/** Path of the workflows entry (workflows/index.ts under ts, dist/workflows/index.js when compiled). */
export function workflowsEntryPath(): string {
  return require.resolve('../../../workflows');
}

export async function createBranchflowWorker(opts: BranchflowWorkerOptions): Promise<Worker> {
  const trust = opts.trust ? workerTrustOptions(opts.trust) : null;
  const code =
    opts.workflowBundle && !trust
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath: workflowsEntryPath(), ...(trust ? { bundlerOptions: trust.bundlerOptions } : {}) };
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    activities: opts.activities,
    interceptors: { activity: [activityMetricsInterceptor], workflowModules: trust?.workflowModules ?? [] },
    ...(trust ? { dataConverter: trust.dataConverter } : {}),
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    ...code,
  });
}
