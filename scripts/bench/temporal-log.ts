import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

const repeats = new Map<string, number>();

/**
 * WARN and above, one stderr line per distinct message; repeats are counted, not printed (e.g. the worker's
 * "no mailer configured" warning fires on every notification, and the bench runs without a mailer on purpose).
 */
function printOnce(entry: LogEntry): void {
  const key = `${entry.level} ${entry.message}`;
  const seen = repeats.get(key) ?? 0;
  repeats.set(key, seen + 1);
  if (seen > 0) return;
  const meta = entry.meta as Record<string, unknown> | undefined;
  const where = [meta?.sdkComponent, meta?.activityType ?? meta?.workflowType].filter(Boolean).join('/');
  process.stderr.write(`  temporal ${entry.level}: ${entry.message}${where ? ` (${where})` : ''}\n`);
}

/** Installs the Temporal Runtime with its logger at WARN (core WARN, other ERROR). Must run before any connection. */
export function installQuietTemporalRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', printOnce),
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // already installed in this process: keep that one
  }
}

/** Messages logged more than once, with their counts (for a closing summary line). */
export function repeatedTemporalLogs(): string[] {
  return [...repeats.entries()].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
}
