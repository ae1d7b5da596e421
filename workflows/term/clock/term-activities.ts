import { proxyActivities } from '@temporalio/workflow';
import type { TermState } from '../../../libs/contracts';

/**
 * The registry projection the term clock writes (implemented in activities/ by the activities engineer). Typed here so
 * the clock compiles on its own; the names and shapes are the issue-3 contract.
 */
export interface TermClockActivities {
  recordTermState(i: {
    orgId: string;
    termNo: number;
    electionDue: string;
    state: TermState;
    electionCaseId: string | null;
    at: string;
  }): Promise<void>;
}

/** Same retry policy as the kernel's projections: retried until the database is back, so the clock stays durable. */
export const clockActs = proxyActivities<TermClockActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
