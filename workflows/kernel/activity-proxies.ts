import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/**
 * Projections and notifications are idempotent activities: Temporal retries them until the database or the mail
 * server is back, so a crash anywhere leaves the case recoverable. Registry writes use the same policy.
 */
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Email delivery may take longer than a projection (one SMTP exchange per message). No heartbeat timeout: the
 * time-skipping test server stalls updates while a heartbeat-timed activity is outstanding; the outbox's claim
 * lease covers a worker that dies mid-send.
 */
export const mailActs = proxyActivities<Pick<Activities, 'deliverEmails'>>({
  // Without a heartbeat timeout this bounds how long a delivery lost with a dead worker waits before its retry.
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The projection as a local activity (patch `local-projections`, CaseKernel.flush): it runs inside the workflow task
 * that reached the wait point, on the same worker, with no activity task on the server, so a decision is answered one
 * server round trip and one workflow task sooner. Same retry policy; retries past a few seconds wait on a timer.
 */
export const localActs = proxyLocalActivities<Pick<Activities, 'applyProjections'>>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
