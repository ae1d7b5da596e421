import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/errors';

/**
 * Reads: 30 s fresh, refetched on focus; retried (three times, backing off) after a network failure or a server-side
 * failure such as a workflow query that timed out under load (5xx) — never after a refusal (4xx). Commands never
 * retry by themselves (a retry reuses the intent's Idempotency-Key; that is the user's or the caller's call).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      retry: (count, error) => error instanceof ApiError && (error.isNetwork || error.status >= 500) && count < 3,
    },
    mutations: { retry: 0 },
  },
});
