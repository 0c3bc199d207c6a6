import * as z from 'zod';
import { defaultPageSize, effectiveStatus, maxPageSize, type PostRecord, type PostStatus, type StoredStatus } from '../posts/index.js';
import { foldText, invalidInput, pageQueryShape, type Clock, type Page } from '../shared/index.js';
import { isDay } from '../stats/index.js';
import { categoryIds, postKindIds, type TenantConfig } from '../tenant/index.js';
import type { StaffPostQueries, StaffSession } from './ports.js';
import { toStaffPostView, type StaffPostView } from './staff-post-view.js';

/**
 * The most posts one `GET /staff/posts` reads from the status lists before it answers. The lists
 * are queries (never a table scan), but the filters (`q`, `kind`, `category`, `section`) are applied
 * to what they return: a page may then hold fewer items than `limit`, or none, with a `nextCursor`
 * to go on reading. docs/api.md says so.
 */
export const maxPostsReadPerSearch = 400;

/** Store calls per request, whatever they return. */
const maxRounds = 20;

const postStatuses = [
  'pending_verification',
  'pending_moderation',
  'published',
  'hidden',
  'rejected',
  'closed',
  'deleted',
  'expired',
] as const satisfies readonly PostStatus[];

/** The stored statuses whose lists can hold a post of each status (an expired post is stored as it was). */
const storedFor: Record<PostStatus, readonly StoredStatus[]> = {
  pending_verification: ['pending_verification'],
  pending_moderation: ['pending_moderation'],
  published: ['published'],
  hidden: ['hidden'],
  rejected: ['rejected'],
  closed: ['closed'],
  deleted: ['deleted'],
  expired: ['published', 'pending_moderation', 'pending_verification'],
};

const day = z.string().refine(isDay, { error: 'a date as YYYY-MM-DD' });

/** `GET /staff/posts`: filters and paging. `q`: words that must all appear in the title or the description. */
export const staffPostsQuerySchema = z.strictObject({
  status: z.enum(postStatuses).optional(),
  kind: z.enum(postKindIds).optional(),
  category: z.enum(categoryIds).optional(),
  section: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'a section id of this tenant' })
    .max(40)
    .optional(),
  q: z.string().trim().min(2, { error: 'at least 2 characters' }).max(100).optional(),
  from: day.optional(),
  to: day.optional(),
  ...pageQueryShape(maxPageSize),
});
export type StaffPostsQuery = z.infer<typeof staffPostsQuerySchema>;

function matches(post: PostRecord, query: StaffPostsQuery, now: Date): boolean {
  if (query.status && effectiveStatus(post, now) !== query.status) return false;
  if (query.kind && post.kind !== query.kind) return false;
  if (query.category && post.category !== query.category) return false;
  if (query.section && post.section !== query.section) return false;
  if (query.q) {
    if (!post.content) return false;
    const text = ` ${foldText(`${post.content.title} ${post.content.description}`)} `;
    return foldText(query.q)
      .split(' ')
      .every((word) => text.includes(word));
  }
  return true;
}

export interface StaffPostSearchDeps {
  tenant: TenantConfig;
  clock: Clock;
  staffPosts: StaffPostQueries;
}

/** Staff find any post of their tenant: every status, filtered, newest first within each status list. */
export function staffPostSearchService(deps: StaffPostSearchDeps) {
  const { tenant, clock, staffPosts } = deps;
  return {
    async search(session: StaffSession, query: StaffPostsQuery): Promise<Page<StaffPostView>> {
      if (query.section && !tenant.sections.some((section) => section.id === query.section)) {
        throw invalidInput([{ path: 'query.section', message: 'a section id of this tenant (GET /config)' }]);
      }
      const limit = query.limit ?? defaultPageSize;
      const now = clock.now();
      const found: PostRecord[] = [];
      let cursor = query.cursor;
      let read = 0;
      let rounds = 0;
      do {
        // Never more than the room left in the page: every match read fits, and the cursor resumes right after.
        const page = await staffPosts.listCreatedBetween(tenant.id, {
          from: query.from ? `${query.from}T00:00:00.000Z` : '0000',
          to: query.to ? `${query.to}T23:59:59.999Z` : '9999',
          limit: Math.min(limit - found.length, maxPostsReadPerSearch - read),
          newestFirst: true,
          ...(query.status ? { statuses: storedFor[query.status] } : {}),
          ...(cursor ? { cursor } : {}),
        });
        read += page.items.length;
        found.push(...page.items.filter((post) => matches(post, query, now)));
        cursor = page.nextCursor ?? undefined;
        rounds++;
      } while (cursor && found.length < limit && read < maxPostsReadPerSearch && rounds < maxRounds);
      return { items: found.map((post) => toStaffPostView(post, session, now)), nextCursor: cursor ?? null };
    },
  };
}
