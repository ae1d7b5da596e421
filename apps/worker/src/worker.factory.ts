import { activityMetricsInterceptor } from './activity-metrics.interceptor';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { TrustConfig } from '../../../libs/config';
import { TASK_QUEUE } from '../../../libs/contracts';
import { bundleCarriesTrust, workerTrustOptions } from '../../../libs/temporal-trust';

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

/**
 * Modules evaluated once per worker thread and shared, deep-frozen, by every cached workflow instead of once per
 * workflow (SDK `preloadModules`, reusable V8 context): the domain's rules and policy tables, stateless and free of zod
 * — never a module holding per-case state, and frozen so that none can acquire one. zod schemas cannot be shared: the
 * SDK freezes what it shares and zod installs members lazily (TypeError "object is not extensible").
 */
export const WORKFLOW_PRELOAD_MODULES = [require.resolve('../../../libs/domain')];

/** Path of the workflows entry (workflows/index.ts under ts, dist/workflows/index.js when compiled). */
export function workflowsEntryPath(): string {
  return require.resolve('../../../workflows');
}

export async function createBranchflowWorker(opts: BranchflowWorkerOptions): Promise<Worker> {
  const trust = opts.trust ? workerTrustOptions(opts.trust) : null;
  // a pre-built bundle is used only when it carries these assertion keys (built with workerTrustOptions' hook and
  // interceptor module, e.g. by `bundleTrustedWorkflowCode`); else the worker bundles at start
  const prebuilt =
    opts.workflowBundle && (!opts.trust || bundleCarriesTrust(opts.workflowBundle.codePath, opts.trust))
      ? opts.workflowBundle
      : undefined;
  const code = prebuilt
    ? { workflowBundle: prebuilt }
    : {
        workflowsPath: workflowsEntryPath(),
        bundlerOptions: { ...trust?.bundlerOptions, preloadModules: WORKFLOW_PRELOAD_MODULES },
      };
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

/** A workflow bundle carrying the assertion interceptor and keys (a pre-built bundle for workers with `trust`). */
export async function bundleTrustedWorkflowCode(trust: TrustConfig): Promise<{ code: string }> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const options = workerTrustOptions(trust);
  return bundleWorkflowCode({
    workflowsPath: workflowsEntryPath(),
    workflowInterceptorModules: options.workflowModules,
    preloadModules: WORKFLOW_PRELOAD_MODULES,
    webpackConfigHook: options.bundlerOptions!.webpackConfigHook,
  });
}
