import * as z from 'zod';

/** A cursor is opaque to clients, but never longer than this (`cursor.ts` writes far shorter ones). */
export const maxCursorLength = 2048;

/**
 * The paging of every list's query string, `limit` and `cursor`: each list says how large a page
 * may be, the rest is the same everywhere (a limit of at least 1, a cursor as text of bounded size).
 */
export const pageQueryShape = (maxLimit: number) => ({
  limit: z.coerce.number().int().min(1).max(maxLimit).optional(),
  cursor: z.string().min(1).max(maxCursorLength).optional(),
});

/** A query string of paging only (`?limit=&cursor=`): nothing else is accepted. */
export const pageQuerySchema = (maxLimit: number) => z.strictObject(pageQueryShape(maxLimit));
export type PageQuery = z.infer<ReturnType<typeof pageQuerySchema>>;
