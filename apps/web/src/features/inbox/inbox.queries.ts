import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import type { Procedure } from '../../lib/procedures';

export type InboxTask = components['schemas']['InboxTask'];
export type CaseSummary = components['schemas']['CaseSummary'];
export type { Procedure };
export type InboxTab = 'todo' | 'done' | 'mine' | 'notifications';

export interface InboxFilters {
  procedure?: Procedure;
  orgId?: string;
  overdue?: boolean;
}

/** 待办 / 已办: polled every 30 s while the page is open. */
export function useInboxTasks(tab: 'todo' | 'done', filters: InboxFilters, enabled = true) {
  return useQuery({ ...inboxQuery(tab, filters), placeholderData: keepPreviousData, refetchInterval: 30_000, enabled });
}

/** The 待办 list query, also prefetched at boot when the console opens on the inbox. */
export function inboxTodoQuery(filters: InboxFilters) {
  return inboxQuery('todo', filters);
}

/** Pages of the largest size the API answers; the console keeps at most this many pages of one list. */
const INBOX_PAGE = 200;
const INBOX_MAX_PAGES = 25;

function inboxQuery(tab: 'todo' | 'done', filters: InboxFilters) {
  const query = {
    status: tab === 'todo' ? ('open' as const) : ('done' as const),
    ...(tab === 'done' ? { decidedByMe: 'true' as const } : {}),
    ...(filters.procedure ? { procedure: filters.procedure } : {}),
    ...(filters.orgId ? { orgId: filters.orgId } : {}),
    ...(filters.overdue ? { overdue: 'true' as const } : {}),
    limit: INBOX_PAGE,
  };
  return queryOptions({
    queryKey: ['inbox', tab, filters],
    // the API answers bounded pages (keyset cursor); the virtualized list shows them all
    queryFn: async () => {
      const first = await unwrap(api.GET('/api/inbox', { params: { query } }));
      const items = [...first.items];
      let cursor = first.nextCursor;
      for (let pages = 1; cursor && pages < INBOX_MAX_PAGES; pages++) {
        const next = await unwrap(api.GET('/api/inbox', { params: { query: { ...query, cursor } } }));
        items.push(...next.items);
        cursor = next.nextCursor;
      }
      return { ...first, items, nextCursor: cursor };
    },
  });
}

/** 我发起的 */
export function useMyCases(filters: InboxFilters, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['inbox', 'mine', filters],
    queryFn: () =>
      unwrap(
        api.GET('/api/cases', {
          params: {
            query: {
              mine: 'true',
              limit: 200,
              offset: 0,
              ...(filters.procedure ? { procedure: filters.procedure } : {}),
              ...(filters.orgId ? { orgId: filters.orgId } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useNotifications() {
  return useQuery({
    queryKey: ['inbox', 'notifications'],
    queryFn: () => unwrap(api.GET('/api/notifications', { params: { query: {} } })),
    refetchInterval: 30_000,
  });
}

/** Marking read is cosmetic: the list updates at once and is corrected by the refetch. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onMutate: (id) => {
      client.setQueryData(['inbox', 'notifications'], (old: components['schemas']['Notification'][] | undefined) =>
        old?.map((n) => (n.id === id ? { ...n, readAt: n.readAt ?? new Date().toISOString() } : n)),
      );
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['inbox', 'notifications'] }),
  });
}
