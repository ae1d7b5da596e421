import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/** Organizational-life activities: retried until the database or the mail server is back (as the kernel's). */
export const orgLifeActs = proxyActivities<
  Pick<
    Activities,
    'orgLifeTick' | 'recordOrgLifeOccurrence' | 'runLapseWatch' | 'setLapseCase' | 'fileOrgLifePlan' | 'removeMember'
  >
>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
