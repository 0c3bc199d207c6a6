import type { EntryServiceDeps } from './entry-deps.js';
import * as z from 'zod';
import { blurLocation, distanceKm, type LatLon } from '../geo/index.js';
import {
  DomainError,
  forbidden,
  notFound,
  pageQueryShape,
  siteLinks,
  type Page,
  type RandomSource,
  enforceRateLimits,
  assertLinkToken,
  newLinkSecret,
} from '../shared/index.js';
import { counterNames, countEvent, createdCounts } from '../stats/index.js';
import {
  assertCategoryOffered,
  assertSectionOpen,
  entryExpiresAt,
  findSection,
  publicSections,
  sectionOfType,
  tenantCategories,
  tenantIdentity,
  type PublicTenantConfig,
  type TenantConfig,
} from '../tenant/index.js';
import { expiryCounters } from './expiry-reminders.js';
import { healthOfferDetails, withHealthOfferEdited } from './health-offers.js';
import type { PostErasureListener, PostStore, PublicationListener } from './ports.js';
import { verificationMail } from './post-mails.js';
import { mutatePost, type PostChange } from './post-mutation.js';
import {
  effectiveStatus,
  isPubliclyVisible,
  toAuthorPost,
  toPublicPost,
  type AuthorPost,
  type PostRecord,
  type PostStatus,
  type PublicPost,
} from './post-record.js';
import type { CloseReason, CreatePostInput, EditPostInput } from './post-schemas.js';

export interface PostServiceDeps extends EntryServiceDeps {
  store: PostStore;
  /** Told when a post becomes public (the alerts match it): wired by the caller, so posts know nothing of alerts. */
  publication: PublicationListener;
  /** Erases what other contexts keep about a deleted post (the relay's conversations): wired by the caller. */
  erasure?: PostErasureListener;
}

/** A post lasts the tenant's lifetime, and in a section with an end at least until that end (see entryExpiresAt). */
const postExpiresAt = (tenant: TenantConfig, sectionId: string | undefined, now: Date): Date =>
  entryExpiresAt(tenant, sectionId === undefined ? undefined : findSection(tenant, sectionId), now, tenant.postLifetimeDays);
export const defaultPageSize = 20;
export const maxPageSize = 50;

/** `GET /posts` without `near`: a page of the newest published posts, of one section if asked. */
export const publicListQuerySchema = z.strictObject({
  ...pageQueryShape(maxPageSize),
  section: z.string().min(1).max(40).optional(),
});
export type PublicListQuery = z.infer<typeof publicListQuerySchema>;

const laterOf = (iso: string, date: Date): string => (Date.parse(iso) >= date.getTime() ? iso : date.toISOString());

const blurWith = (random: RandomSource, location: LatLon): LatLon => blurLocation(location, [random.fraction(), random.fraction()]);

/** A new post as it is first stored (unpublished), and the secret token that only its author receives. */
export function newPostRecord(
  tenant: TenantConfig,
  input: CreatePostInput,
  now: Date,
  random: RandomSource,
): { post: PostRecord; token: string } {
  const { token, tokenHash } = newLinkSecret(random);
  const healthOffer = healthOfferDetails(tenant, input, now);
  const post: PostRecord = {
    tenantId: tenant.id,
    id: random.id(),
    kind: input.kind,
    category: input.category,
    ...(input.section ? { section: input.section } : {}),
    status: 'pending_verification',
    content: {
      title: input.title,
      description: input.description,
      location: input.location,
      publicLocation: blurWith(random, input.location),
      author: input.author,
      ...healthOffer,
    },
    tokenHash,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: postExpiresAt(tenant, input.section, now).toISOString(),
    version: 1,
  };
  return { post, token };
}

/**
 * What a tenant offers: its categories, its open sections of posts (a section takes posts from its
 * `startsOn` to its `endsOn` day) and its area. The same rules for residents' and staff's posts and edits.
 */
export function assertTenantChoices(
  tenant: TenantConfig,
  choice: { category?: string; section?: string; location?: LatLon },
  now: Date,
): void {
  if (choice.category !== undefined) assertCategoryOffered(tenant, choice.category, 'category');
  if (choice.section !== undefined) assertSectionOpen(tenant, choice.section, now, { type: 'posts' });
  if (choice.location) {
    const distance = distanceKm(tenant.area.center, choice.location);
    if (distance > tenant.area.radiusKm) {
      throw new DomainError(422, 'outside_area', `This place is outside ${tenant.name}'s area`, [
        { path: 'location', message: `${distance.toFixed(1)} km from the centre; the area's radius is ${tenant.area.radiusKm} km` },
      ]);
    }
  }
}

/** The use cases of a tenant's posts, for residents. Inputs are already parsed by the edge. */
export function postService(deps: PostServiceDeps) {
  const { tenant, store, mailer, clock, random, rateLimiter } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  const blur = (location: LatLon): LatLon => blurWith(random, location);

  const mutate = (postId: string, change: PostChange): Promise<PostRecord> => mutatePost(deps, postId, change);

  function assertToken(post: PostRecord, token: string): void {
    assertLinkToken(token, post.tokenHash, 'post');
  }

  function assertEditable(status: PostStatus): void {
    if (status === 'closed') throw new DomainError(409, 'post_closed', 'This post is closed');
    if (status === 'expired') throw new DomainError(409, 'post_expired', 'This post has expired');
    if (status === 'pending_verification') throw forbidden('not_verified', 'Confirm the post from the email first');
  }

  return {
    publicConfig(): PublicTenantConfig {
      return {
        ...tenantIdentity(tenant),
        sections: publicSections(tenant, clock.now()),
        categories: tenantCategories(tenant),
        features: tenant.features,
        postLifetimeDays: tenant.postLifetimeDays,
        alertExpiry: tenant.alertExpiry,
        matchingDistanceKm: tenant.matchingDistanceKm,
        ...(tenant.contact ? { contact: tenant.contact } : {}),
        hospitals: tenant.hospitals,
        ...(tenant.healthWorkers ? { healthWorkers: tenant.healthWorkers } : {}),
      };
    },

    /** Stores the post unpublished and mails its author the link that publishes it. */
    async create(input: CreatePostInput, origin: { sourceIp: string }): Promise<{ id: string; status: PostStatus }> {
      assertTenantChoices(tenant, input, clock.now());
      const limits = tenant.rateLimits;
      await enforceRateLimits(
        rateLimiter,
        [
          { subject: `post:ip:${origin.sourceIp}`, max: limits.postsPerHourPerIp, windowSeconds: 3600 },
          { subject: `post:email:${input.author.email.toLowerCase()}`, max: limits.postsPerDayPerEmail, windowSeconds: 86_400 },
        ],
        clock.now(),
      );
      const { post, token } = newPostRecord(tenant, input, clock.now(), random);
      await store.insert(post);
      await mailer.send(verificationMail(tenant, post, token, links));
      await countEvent(deps.stats, tenant, clock.now(), createdCounts(tenant, post));
      return { id: post.id, status: post.status };
    },

    /** The link in the mail: publishes the post, or queues it for moderation. Works once. */
    async verify(postId: string, token: string): Promise<{ id: string; status: PostStatus }> {
      let post: PostRecord;
      try {
        post = await mutate(postId, (current, now) => {
          assertToken(current, token);
          const status = effectiveStatus(current, now);
          if (status === 'expired') throw forbidden('post_expired', 'This post has expired');
          if (status !== 'pending_verification') throw forbidden('token_already_used', 'This post is already confirmed');
          return tenant.features.moderation === 'before'
            ? { ...current, status: 'pending_moderation' }
            : { ...current, status: 'published', publishedAt: now.toISOString() };
        });
      } catch (error) {
        // The author opens the link again after a failure: what publishing derives (the search
        // index, the alerts' matches) is written again, idempotently, before saying it was done.
        if (error instanceof DomainError && error.code === 'token_already_used') {
          const current = await store.get(tenant.id, postId);
          if (current && isPubliclyVisible(current, clock.now())) {
            await store.reindex(current);
            await deps.publication.postPublished(current);
          }
        }
        throw error;
      }
      if (post.status === 'published') await deps.publication.postPublished(post);
      await countEvent(deps.stats, tenant, clock.now(), { [counterNames.postsReachedStatus(post.status)]: 1 });
      return { id: post.id, status: post.status };
    },

    async getPublic(postId: string): Promise<PublicPost> {
      const post = await store.get(tenant.id, postId);
      if (!post || !isPubliclyVisible(post, clock.now())) throw notFound('Post');
      return toPublicPost(post);
    },

    /** Newest first: all published posts, or one section's (an ended section still lists its posts). */
    async listPublic(query: PublicListQuery): Promise<Page<PublicPost>> {
      if (query.section !== undefined) sectionOfType(tenant, query.section, 'posts', 'query.section');
      const page = await store.listPublished(tenant.id, {
        limit: query.limit ?? defaultPageSize,
        ...(query.cursor ? { cursor: query.cursor } : {}),
        ...(query.section !== undefined ? { section: query.section } : {}),
        now: clock.now(),
      });
      return { items: page.items.map(toPublicPost), nextCursor: page.nextCursor };
    },

    async getOwn(postId: string, token: string): Promise<AuthorPost> {
      const post = await store.get(tenant.id, postId);
      if (!post || post.status === 'deleted') throw notFound('Post');
      assertToken(post, token);
      return toAuthorPost(post, clock.now());
    },

    async edit(postId: string, token: string, edit: EditPostInput): Promise<AuthorPost> {
      assertTenantChoices(tenant, edit, clock.now());
      const post = await mutate(postId, (current, now) => {
        assertToken(current, token);
        assertEditable(effectiveStatus(current, now));
        const content = current.content!;
        return withHealthOfferEdited(
          tenant,
          {
            ...current,
            category: edit.category ?? current.category,
            // Moved into a section that lasts longer: the post lasts as long as a new one there would.
            ...(edit.section && edit.section !== current.section
              ? { section: edit.section, expiresAt: laterOf(current.expiresAt, postExpiresAt(tenant, edit.section, now)) }
              : {}),
            // Where staff read before publication, a changed post is read again.
            status: tenant.features.moderation === 'before' ? 'pending_moderation' : current.status,
            content: {
              ...content,
              title: edit.title ?? content.title,
              description: edit.description ?? content.description,
              ...(edit.location ? { location: edit.location, publicLocation: blur(edit.location) } : {}),
            },
          },
          edit.housing,
          now,
        );
      });
      return toAuthorPost(post, clock.now());
    },

    async close(postId: string, token: string, reason: CloseReason): Promise<AuthorPost> {
      const post = await mutate(postId, (current, now) => {
        assertToken(current, token);
        const status = effectiveStatus(current, now);
        if (status === 'closed') throw new DomainError(409, 'post_closed', 'This post is already closed');
        return { ...current, status: 'closed', closedReason: reason, closedAt: now.toISOString() };
      });
      await countEvent(deps.stats, tenant, clock.now(), {
        [counterNames.postsReachedStatus('closed')]: 1,
        [counterNames.postsClosedBecause(reason)]: 1,
      });
      return toAuthorPost(post, clock.now());
    },

    /**
     * Puts a post its author closed back on the site, within the tenant's `reopenWithinDays` of
     * closing it and before it expires; its outcome is forgotten (counted as reopened).
     */
    async reopen(postId: string, token: string): Promise<AuthorPost> {
      const post = await mutate(postId, (current, now) => {
        assertToken(current, token);
        if (current.status !== 'closed') throw new DomainError(409, 'post_not_closed', 'This post is not closed');
        const closedAt = Date.parse(current.closedAt ?? current.updatedAt);
        if (now.getTime() - closedAt > tenant.reopenWithinDays * 86_400_000) {
          throw new DomainError(409, 'reopen_too_late', `A post can be reopened within ${tenant.reopenWithinDays} days of closing it`);
        }
        if (now.getTime() >= Date.parse(current.expiresAt)) throw new DomainError(409, 'post_expired', 'This post has expired');
        const { closedReason: _reason, closedAt: _closedAt, closedBy: _closedBy, ...rest } = current;
        return { ...rest, status: 'published' };
      });
      await countEvent(deps.stats, tenant, clock.now(), { [expiryCounters.reopened]: 1 });
      return toAuthorPost(post, clock.now());
    },

    /**
     * Erases the author's personal data, and first what other contexts keep about the post (the
     * contacts' names and addresses): should that fail, the post is still there and deleting it
     * again finishes the work. Told once more after, for a contact that came in between. What
     * remains (kind, category, dates) feeds the figures.
     */
    async remove(postId: string, token: string): Promise<void> {
      const found = await store.get(tenant.id, postId);
      if (!found || found.status === 'deleted' || !found.content) throw notFound('Post');
      assertToken(found, token);
      await deps.erasure?.postErasing(found);
      const deleted = await mutate(postId, (current) => {
        assertToken(current, token);
        const { closedReason: _dropped, ...rest } = current;
        return { ...rest, status: 'deleted', content: null, tokenHash: null };
      });
      await deps.erasure?.postErasing(deleted);
      await countEvent(deps.stats, tenant, clock.now(), { [counterNames.postsReachedStatus('deleted')]: 1 });
    },
  };
}

export type PostService = ReturnType<typeof postService>;
