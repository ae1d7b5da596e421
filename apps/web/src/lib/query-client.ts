import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/errors';

/** Reads: 30 s fresh, refetched on focus; retried only after a network failure. Commands never retry by themselves. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      retry: (count, error) => error instanceof ApiError && error.isNetwork && count < 2,
    },
    mutations: { retry: 0 },
  },
});
