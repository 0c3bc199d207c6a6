import type { Page } from './ports.js';

/** How many items a paged list holds, read 100 at a time and counted up to `limit` (a digest's figure: "at least"). */
export async function countListed<T>(list: (page: { limit: number; cursor?: string }) => Promise<Page<T>>, limit: number): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 100, ...(cursor ? { cursor } : {}) });
    count += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && count < limit);
  return Math.min(count, limit);
}
