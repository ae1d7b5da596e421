import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, isCursorOf, type CursorList } from '../../../../libs/db';

/** `limit` of a paginated list: 1..MAX_PAGE_SIZE (200), a 400 naming `limit` otherwise. */
export function limitQuery(fallback: number = DEFAULT_PAGE_SIZE) {
  return z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(fallback)
    .describe(`page size, at most ${MAX_PAGE_SIZE}`);
}

/** `cursor` of a paginated list: the `nextCursor` of the previous page of the same list, a 400 naming `cursor` otherwise. */
export function cursorQuery(list: CursorList) {
  return z
    .string()
    .max(1000)
    .refine((v) => isCursorOf(list, v), { message: 'not a cursor of this list: pass nextCursor of the previous page' })
    .optional()
    .describe('nextCursor of the previous page (keyset pagination); absent for the first page');
}

export const nextCursorField = z
  .string()
  .nullable()
  .describe('cursor of the next page (pass it as `cursor`), null on the last page');

/** Offset paging of the case list stops here (bounded work per request); deeper pages go by cursor. */
export const MAX_CASE_LIST_OFFSET = 10_000;
