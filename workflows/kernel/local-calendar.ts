import { patched } from '@temporalio/workflow';
import { localMidnight, localToday, type PolicyTable } from '../../libs/domain';

/**
 * `patched()` id of issue 10 (one calendar): date timers fire at local midnight (policy `localUtcOffsetMinutes`,
 * 16:00 UTC the day before in China), not at UTC midnight (08:00 in Beijing). Runs recorded before keep UTC midnight.
 */
export const LOCAL_MIDNIGHT_TIMERS = 'local-midnight-timers';

/** The instant (ISO) a local calendar date begins, as a timer target; UTC midnight on the unpatched path. */
export function dateStart(isoDate: string, policy: PolicyTable): string {
  return patched(LOCAL_MIDNIGHT_TIMERS) ? localMidnight(isoDate, policy) : `${isoDate}T00:00:00.000Z`;
}

/** Today on the organization's calendar, from workflow time (the one "today" of every procedure). */
export function workflowToday(policy: PolicyTable): string {
  return localToday(new Date().toISOString(), policy);
}
