import { proxyActivities } from '@temporalio/workflow';
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
