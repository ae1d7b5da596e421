import { ApplicationFailure } from '@temporalio/common';
import { RECORD_REJECTED } from '../../libs/contracts';

/**
 * SQLSTATE classes a retry cannot cure: data exceptions (22: text PostgreSQL cannot store, values out of range) and
 * integrity violations (23), program limits (54: an index row too large). Connection loss, serialization failures and
 * code errors stay retryable, so the case waits for the database or a fixed release instead of giving up.
 */
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23', '54']);

function sqlStateOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Turns a database refusal that retrying cannot cure into a non-retryable `RECORD_REJECTED` failure (the case then
 * records it and goes on, see CaseKernel.flush), instead of a retry loop that never ends behind an open HTTP call.
 */
export function asPermanentFailure(error: unknown): unknown {
  const sqlState = sqlStateOf(error);
  if (sqlState === null || !PERMANENT_SQLSTATE_CLASSES.has(sqlState.slice(0, 2))) return error;
  const message = error instanceof Error ? error.message : String(error);
  return ApplicationFailure.nonRetryable(
    `database refused the write (SQLSTATE ${sqlState}): ${message}`,
    RECORD_REJECTED,
    {
      sqlState,
    },
  );
}

/** Wraps every activity so that permanent database refusals fail without retries (`asPermanentFailure`). */
export function withPermanentFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (error) {
          throw asPermanentFailure(error);
        }
      },
    ]),
  ) as T;
}
