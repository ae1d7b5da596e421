import { CURRENT_POLICY_VERSION, getPolicy, localToday, type PolicyTable } from '../../../../libs/domain';

/**
 * Today's date on the organizations' calendar (policy `localUtcOffsetMinutes`, China UTC+8) as YYYY-MM-DD, the form
 * registry dates use: the one "today" of every procedure (issue 10), the same the workflows use.
 */
export function todayIso(now: Date = new Date(), policy: PolicyTable = getPolicy(CURRENT_POLICY_VERSION)): string {
  return localToday(now.toISOString(), policy);
}
