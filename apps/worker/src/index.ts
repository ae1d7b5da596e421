// Entry for other processes (the API bootstrap) that host the worker in-process. The dev SMTP sink is not exported
// here on purpose: smtp-server is a dev dependency.
export {
  bundleTrustedWorkflowCode,
  createBranchflowWorker,
  WORKFLOW_PRELOAD_MODULES,
  workflowsEntryPath,
} from './worker.factory';
export type { BranchflowWorkerOptions } from './worker.factory';
export { connectTemporal, startWorkerInProcess, tlsConfigFrom, workerDepsFromConfig } from './worker.runner';
export type { InProcessWorkerDeps, RunningWorker, TemporalEndpoint, TemporalTlsFiles } from './worker.runner';
export { installTemporalRuntimeLogger, PinoTemporalLogger } from './temporal-logger';
export { activityFailures, workerMetrics } from './activity-metrics.interceptor';
