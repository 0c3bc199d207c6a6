import * as z from 'zod';
import { blurLocation } from '../geo/index.js';
import {
  defaultPageSize,
  effectiveStatus,
  isPubliclyVisible,
  maxPageSize,
  type PostRecord,
  assertTenantChoices,
  newPostRecord,
  withHealthOfferEdited,
  mutatePost,
  type PostChange,
  type PostServiceDeps,
} from '../posts/index.js';
import { notFound, type Page, type PageQuery, pageQuerySchema, hashSecret, enforceRateLimits } from '../shared/index.js';
import { counterNames, countEvent, createdCounts } from '../stats/index.js';
import { staffMailboxOf } from '../tenant/index.js';
import type { staffEditSchema, StaffCreatePostInput } from './moderation-schemas.js';
import { assertDecisionAllowed } from './moderation-rules.js';
import type { StaffPostQueries, StaffSession } from './ports.js';
import { rejectionMail, toStaffPostView, type StaffPostView } from './staff-post-view.js';

/** Reports kept on a post (the count goes on); the oldest reasons drop off. */
const keptReports = 20;

/** Residents' reports ("signaler"): public, rate-limited. */
export function postReportService(deps: PostServiceDeps) {
  const { tenant, store, clock, rateLimiter } = deps;
  const mutate = (postId: string, change: PostChange): Promise<PostRecord> => mutatePost(deps, postId, change);
  const count = (counts: Record<string, number>) => countEvent(deps.stats, tenant, clock.now(), counts);
  return {
    /**
     * A resident reports a published post. After the tenant's threshold it is hidden until staff
     * decide. One report per address and post a day counts; more are accepted and ignored.
     */
    async report(postId: string, reason: string, origin: { sourceIp: string }): Promise<{ received: true }> {
      const existing = await store.get(tenant.id, postId);
      if (!existing || !isPubliclyVisible(existing, clock.now())) throw notFound('Post');
      await enforceRateLimits(
        rateLimiter,
        [{ subject: `report:ip:${origin.sourceIp}`, max: tenant.rateLimits.reportsPerHourPerIp, windowSeconds: 3600 }],
        clock.now(),
      );
      const first = await rateLimiter.consume(hashSecret(`report:${origin.sourceIp}:${postId}`).slice(0, 32), 1, 86_400, clock.now());
      if (!first.allowed) return { received: true };
      let hiddenNow = false;
      await mutate(postId, (current, now) => {
        const reportCount = (current.reportCount ?? 0) + 1;
        const reports = [...(current.reports ?? []), { at: now.toISOString(), reason }].slice(-keptReports);
        hiddenNow = effectiveStatus(current, now) === 'published' && reportCount >= tenant.reportsToHide;
        return { ...current, reportCount, reports, ...(hiddenNow ? { status: 'hidden' as const, hiddenBecause: 'reports' as const } : {}) };
      });
      await count({ [counterNames.reports]: 1, ...(hiddenNow ? { [counterNames.postsReachedStatus('hidden')]: 1 } : {}) });
      return { received: true };
    },
  };
}

/** `GET /staff/moderation`: paging only, pages as large as the public list's. */
export const moderationQueueQuerySchema = pageQuerySchema(maxPageSize);

export interface ModerationDeps extends PostServiceDeps {
  staffPosts: StaffPostQueries;
}

/** Staff's decisions on a tenant's posts, and residents' reports. Inputs are parsed by the edge. */
export function moderationService(deps: ModerationDeps) {
  const { tenant, store, staffPosts, mailer, clock, random } = deps;
  const count = (counts: Record<string, number>) => countEvent(deps.stats, tenant, clock.now(), counts);

  const mutate = (postId: string, change: PostChange): Promise<PostRecord> => mutatePost(deps, postId, change);

  return {
    /** What awaits a decision, oldest first, a page at a time (20 posts unless asked otherwise). */
    async queue(session: StaffSession, query: PageQuery = {}): Promise<Page<StaffPostView>> {
      const page = await staffPosts.listForModeration(tenant.id, {
        limit: query.limit ?? defaultPageSize,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      const now = clock.now();
      // An expired post needs no decision any more.
      const waiting = page.items.filter((post) => effectiveStatus(post, now) !== 'expired');
      return { items: waiting.map((post) => toStaffPostView(post, session, now)), nextCursor: page.nextCursor };
    },

    /** Publishes a post awaiting review, or puts a hidden one back. */
    async approve(session: StaffSession, postId: string): Promise<StaffPostView> {
      let firstPublication = false;
      const post = await mutate(postId, (current, now) => {
        const status = effectiveStatus(current, now);
        assertDecisionAllowed('post', status, 'approved');
        const { hiddenBecause: _hidden, moderationReason: _reason, ...rest } = current;
        firstPublication = !current.publishedAt;
        return { ...rest, status: 'published', publishedAt: current.publishedAt ?? now.toISOString() };
      });
      await count({ [counterNames.postsReachedStatus('published')]: 1 });
      // New to residents: the alerts it matches hear of it (a hidden post put back is not new).
      if (firstPublication) await deps.publication.postPublished(post);
      return toStaffPostView(post, session, clock.now());
    },

    /** Refuses a post (awaiting review, hidden or even published); its author is told why. */
    async reject(session: StaffSession, postId: string, reason: string): Promise<StaffPostView> {
      const post = await mutate(postId, (current, now) => {
        const status = effectiveStatus(current, now);
        assertDecisionAllowed('post', status, 'rejected');
        return { ...current, status: 'rejected', moderationReason: reason };
      });
      await mailer.send(rejectionMail(tenant, post, reason, deps.siteUrl));
      await count({ [counterNames.postsReachedStatus('rejected')]: 1 });
      return toStaffPostView(post, session, clock.now());
    },

    /** Takes a post off the site until staff decide (approve puts it back, reject ends it). */
    async hide(session: StaffSession, postId: string, reason: string | undefined): Promise<StaffPostView> {
      const post = await mutate(postId, (current, now) => {
        const status = effectiveStatus(current, now);
        assertDecisionAllowed('post', status, 'hidden');
        return { ...current, status: 'hidden', hiddenBecause: 'staff', ...(reason ? { moderationReason: reason } : {}) };
      });
      await count({ [counterNames.postsReachedStatus('hidden')]: 1 });
      return toStaffPostView(post, session, clock.now());
    },

    /** Staff correct a resident's text (a phone number in a description), typically before approving it. */
    async edit(session: StaffSession, postId: string, edit: z.infer<typeof staffEditSchema>): Promise<StaffPostView> {
      assertTenantChoices(tenant, edit, clock.now());
      const post = await mutate(postId, (current, now) => {
        const status = effectiveStatus(current, now);
        assertDecisionAllowed('post', status, 'edited');
        const content = current.content!;
        return withHealthOfferEdited(
          tenant,
          {
            ...current,
            category: edit.category ?? current.category,
            ...(edit.section ? { section: edit.section } : {}),
            content: {
              ...content,
              title: edit.title ?? content.title,
              description: edit.description ?? content.description,
              ...(edit.location
                ? { location: edit.location, publicLocation: blurLocation(edit.location, [random.fraction(), random.fraction()]) }
                : {}),
            },
          },
          edit.housing,
          now,
        );
      });
      return toStaffPostView(post, session, clock.now());
    },

    /**
     * A post for a resident without internet (a phone call to the town hall): published at once,
     * marked as entered by staff; its author email is the staff mailbox, so contacts reach staff. The
     * caller's phone and staff's note stay with the post for staff only.
     */
    async createOnBehalf(session: StaffSession, input: StaffCreatePostInput): Promise<StaffPostView> {
      assertTenantChoices(tenant, input, clock.now());
      const now = clock.now();
      const staffMailbox = staffMailboxOf(tenant);
      const { caller, ...entered } = input;
      const { post } = newPostRecord(tenant, { ...entered, author: { name: input.author.name, email: staffMailbox } }, now, random);
      const record: PostRecord = {
        ...post,
        ...(caller && (caller.phone || caller.note) ? { content: { ...post.content!, caller } } : {}),
        status: 'published',
        publishedAt: now.toISOString(),
        tokenHash: null,
        enteredByStaff: true,
      };
      await store.insert(record);
      await count({ ...createdCounts(tenant, record), [counterNames.postsReachedStatus('published')]: 1 });
      await deps.publication.postPublished(record);
      return toStaffPostView(record, session, now);
    },
  };
}

export type ModerationService = ReturnType<typeof moderationService>;
