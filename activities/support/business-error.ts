import { ApplicationFailure } from '@temporalio/common';

/** Error codes of activity business failures (non-retryable: a retry cannot change the answer). */
export type ActivityErrorCode = 'ORG_NOT_FOUND' | 'ORG_ID_CONFLICT' | 'PERSON_NOT_FOUND' | 'TASK_NOT_FOUND';

export function businessError(code: ActivityErrorCode, message: string, details?: Record<string, unknown>): never {
  throw ApplicationFailure.nonRetryable(message, code, ...(details ? [details] : []));
}
