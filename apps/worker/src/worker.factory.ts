import { activityMetricsInterceptor } from './activity-metrics.interceptor';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { TASK_QUEUE } from '../../../libs/contracts';

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
}

/** Path of the workflows entry (workflows/index.ts under ts, dist/workflows/index.js when compiled). */
export function workflowsEntryPath(): string {
  return require.resolve('../../../workflows');
}

export async function createBranchflowWorker(opts: BranchflowWorkerOptions): Promise<Worker> {
  const code = opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: workflowsEntryPath() };
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    activities: opts.activities,
    interceptors: { activity: [activityMetricsInterceptor] },
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    ...code,
  });
}
