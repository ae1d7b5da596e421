import { sleep } from '@temporalio/workflow';
import { compareInstants, parseIsoInstant } from '../../libs/domain';
import { dateStart } from '../kernel/local-calendar';
import type { AdmissionCase } from './admission-case';

/** Waits until a date that may move later while waiting (a postponement); returns once it is reached. */
export async function waitUntilDate(c: AdmissionCase, target: () => string): Promise<void> {
  for (;;) {
    const at = target();
    const ms = dateStartMs(c, at) - Date.now();
    if (ms <= 0 || compareInstants(at, c.today()) <= 0) return; // already that date locally
    const moved = await c.kernel.waitFor(c.kernel.deadlines.within(() => target() !== at, ms));
    if (!moved) return;
  }
}

/**
 * Durable timer to the start of a date on the local calendar (local midnight; UTC midnight for runs recorded before);
 * the case can still be withdrawn or cancelled while it waits. A date that has already begun on the local calendar is
 * due at once: from 16:00 UTC the local date is the next UTC date, and waiting for its UTC midnight would hold a step
 * due today (a drill's zero-length period) for up to 8 hours.
 */
export async function sleepUntil(c: AdmissionCase, date: string): Promise<void> {
  if (compareInstants(date, c.today()) <= 0) return;
  const ms = dateStartMs(c, date) - Date.now();
  if (ms > 0) await c.kernel.waitFor(sleep(ms));
}

/** Epoch ms at which a local calendar date begins (local midnight); UTC midnight for runs recorded before. */
export function dateStartMs(c: AdmissionCase, date: string): number {
  return parseIsoInstant(dateStart(date, c.policy));
}
