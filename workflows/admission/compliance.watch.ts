import { condition } from '@temporalio/workflow';
import {
  checkConversionMeetingMax,
  checkConversionResolution,
  conversionMeetingMaxDueDate,
  conversionResolutionDueDate,
  overdueFrom,
  type ComplianceFlagName,
  type RuleViolation,
} from '../../libs/domain';
import type { AdmissionCase } from './admission-case';
import { dateStartMs } from './timers';

// Compliance flags (data.flags, de-duplicated, never cleared), each raised on a durable timer the day after its
// deadline (RULES §E steps 2, 17, 23, 24).

/**
 * Records a missed deadline: the flag once in data.flags (the compliance record), the numbers under `key` in
 * data.compliance, a timeline entry, and the projection at once.
 */
export async function raiseFlag(
  c: AdmissionCase,
  flag: ComplianceFlagName,
  step: string,
  v: RuleViolation,
  key: string = flag,
  event = 'compliance.flagged',
): Promise<void> {
  if (!c.flags.includes(flag)) c.flags.push(flag);
  c.compliance[key] = v.numbers;
  await c.kernel.record(step, event, {
    outcome: flag,
    comment: v.message,
    detail: { flag, violation: v },
  });
  c.kernel.refreshSummary();
  await c.kernel.flush();
}

/** Waits until the day after `dueDate` unless `done` first; then runs `onLate` (a flag). */
export async function watchDeadline(
  c: AdmissionCase,
  done: () => boolean,
  dueDate: string,
  onLate: () => Promise<void>,
): Promise<void> {
  const ms = dateStartMs(c, overdueFrom(dueDate)) - Date.now();
  if (ms > 0 && (await c.kernel.deadlines.within(done, ms))) return;
  if (done()) return;
  await onLate();
}

/**
 * RULES §E step 23 (practice: within 1 month, 3 months at most): raises probationEndedWithoutDecision when no
 * resolution is passed by the day after the probation end plus postponement plus `conversionMeetingDeadline`, and
 * conversionMeetingBeyondThreeMonths after `conversionMeetingMaxDeadline`. Each once per period (probation end and
 * postponement); follows a later postponement, an extension (a new period) and a step-24 refusal (undecided again).
 */
export async function watchConversionResolution(c: AdmissionCase): Promise<void> {
  const raised = new Set<string>();
  const pending = () => c.resolvedFor !== c.dates.probationEnd;
  for (;;) {
    if (c.probationOver) return;
    if (!pending()) {
      await condition(() => c.probationOver || pending());
      continue;
    }
    const end = c.dates.probationEnd!;
    const postponed = c.postponedMonths;
    const moved = () =>
      c.probationOver || !pending() || c.dates.probationEnd !== end || c.postponedMonths !== postponed;
    const deadlines = [
      {
        flag: 'probationEndedWithoutDecision' as const,
        due: conversionResolutionDueDate(end, postponed, c.policy),
        check: checkConversionResolution,
      },
      {
        flag: 'conversionMeetingBeyondThreeMonths' as const,
        due: conversionMeetingMaxDueDate(end, postponed, c.policy),
        check: checkConversionMeetingMax,
      },
    ].filter((d) => !raised.has(`${d.flag}@${end}+${postponed}`));
    const next = deadlines[0];
    if (!next) {
      await condition(moved);
      continue;
    }
    const ms = dateStartMs(c, overdueFrom(next.due)) - Date.now();
    if (ms > 0 && (await c.kernel.deadlines.within(moved, ms))) continue;
    if (moved()) continue;
    raised.add(`${next.flag}@${end}+${postponed}`);
    const v = next.check(end, postponed, c.today(), c.policy);
    if (v) await raiseFlag(c, next.flag, 'E23', v);
  }
}
