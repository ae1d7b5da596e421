import { parseIsoInstant } from '../dates/date-math';
import type { PolicyTable } from './policy-table';

/**
 * The local calendar date (YYYY-MM-DD) of an instant under the policy's `localUtcOffsetMinutes` (China: UTC+8), so
 * "today" and the date of a decision are the dates people in the organization see on their calendar: 2026-03-01T17:00Z
 * is already 2026-03-02 in Beijing. Pure: the caller passes the instant (workflow time, or the API's clock).
 */
export function localDate(isoInstant: string, policy: Pick<PolicyTable, 'localUtcOffsetMinutes'>): string {
  const ms = parseIsoInstant(isoInstant) + policy.localUtcOffsetMinutes * 60_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Today on the organization's calendar — the one "today" of every procedure (establishment, terms, admission). */
export function localToday(nowIsoInstant: string, policy: Pick<PolicyTable, 'localUtcOffsetMinutes'>): string {
  return localDate(nowIsoInstant, policy);
}

/** The instant (ISO, UTC) at which a local calendar date begins: 2026-03-02 in Beijing starts 2026-03-01T16:00Z. */
export function localMidnight(isoDate: string, policy: Pick<PolicyTable, 'localUtcOffsetMinutes'>): string {
  return new Date(parseIsoInstant(isoDate) - policy.localUtcOffsetMinutes * 60_000).toISOString();
}
