import type { Context as ActivityContext } from '@temporalio/activity';
import type { ActivityInterceptors } from '@temporalio/worker';
import { Counter, Registry } from 'prom-client';

/**
 * Prometheus metrics of the worker. With the embedded worker (`EMBEDDED_WORKER=1`) the API's `/metrics` merges this
 * registry; a standalone worker exposes it on `WORKER_METRICS_PORT` when that is set.
 */
export const workerMetrics = new Registry();

export const activityFailures = new Counter({
  name: 'branchflow_activity_failures_total',
  help: 'Activity attempts that failed (retried by Temporal or final), by activity type',
  labelNames: ['activity'],
  registers: [workerMetrics],
});

/** Counts every failed activity attempt; the failure itself is passed on unchanged for Temporal's retry policy. */
export function activityMetricsInterceptor(ctx: ActivityContext): ActivityInterceptors {
  return {
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (err) {
          activityFailures.inc({ activity: ctx.info.activityType });
          throw err;
        }
      },
    },
  };
}
