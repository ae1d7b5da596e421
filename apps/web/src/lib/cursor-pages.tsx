import { useMemo } from 'react';
import { Button } from 'antd';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useI18n } from '../i18n/i18n';

/** Rows per request of the console's paged lists (the API answers at most 200, issue 8 §6). */
export const CONSOLE_PAGE = 100;

interface CursorPage {
  items: unknown[];
  nextCursor: string | null;
}

/**
 * A list the API answers in keyset pages (`limit`, `cursor` → `{ items, nextCursor }`): the first page loads, further
 * pages on demand ("load more", see LoadMore); `items` are the rows of every page loaded so far, `first` the first
 * page (for the fields beside the items).
 */
export function useCursorList<P extends CursorPage>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<P>,
  options: { enabled?: boolean } = {},
) {
  const query = useInfiniteQuery({
    queryKey,
    enabled: options.enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items as P['items'][number][]) ?? [], [query.data]);
  return { ...query, items, first: query.data?.pages[0] };
}

/** The "load more" button under a paged list; absent once the last page is loaded. */
export function LoadMore({
  list,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const { t } = useI18n();
  if (!list.hasNextPage) return null;
  return (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
        {t('common.loadMore')}
      </Button>
    </div>
  );
}
