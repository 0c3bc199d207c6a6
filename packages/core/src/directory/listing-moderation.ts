import { pageQuerySchema, type Page, type PageQuery } from '../shared/index.js';
import { assertDecisionAllowed, type ModerationDecision, type StaffSession } from '../staff/index.js';
import { countEvent, counterNames } from '../stats/index.js';
import { effectiveListingStatus, toOwnerListing, type ListingRecord, type OwnerListing } from './listing-record.js';
import { mutateListing, type ListingServiceDeps } from './listing-service.js';

/** `GET /staff/listings/moderation`: paging only. */
export const listingModerationQuerySchema = pageQuerySchema(50);

/** What staff see of a listing: the owner's view; who entered it (their address) for administrators only. */
export type StaffListingView = OwnerListing;

const staffView = (listing: ListingRecord, session: StaffSession, now: Date): StaffListingView => {
  const view = toOwnerListing(listing, now);
  return session.role === 'admin' ? view : { ...view, author: { name: view.author.name, email: '' } };
};

/**
 * Staff's decisions on listings, by the posts' rules (`assertDecisionAllowed`: what may be approved,
 * rejected or hidden in each status): the queue of what awaits them (where the tenant moderates
 * before publication, or a listing was hidden), approve, reject, hide.
 */
export function listingModerationService(deps: ListingServiceDeps) {
  const { tenant, listingStore: store, clock } = deps;

  async function decide(
    session: StaffSession,
    listingId: string,
    decision: ModerationDecision,
    change: (listing: ListingRecord, now: Date) => ListingRecord,
  ): Promise<StaffListingView> {
    const listing = await mutateListing(deps, listingId, (current, now) => {
      assertDecisionAllowed('listing', effectiveListingStatus(current, now), decision);
      return change(current, now);
    });
    await countEvent(deps.stats, tenant, clock.now(), { [counterNames.listingsReachedStatus(listing.status)]: 1 });
    return staffView(listing, session, clock.now());
  }

  return {
    /** What awaits a decision, oldest first (an expired listing needs none). */
    async queue(session: StaffSession, query: PageQuery = {}): Promise<Page<StaffListingView>> {
      const page = await store.listForModeration(tenant.id, {
        limit: query.limit ?? 20,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      const now = clock.now();
      return {
        items: page.items
          .filter((listing) => effectiveListingStatus(listing, now) !== 'expired')
          .map((listing) => staffView(listing, session, now)),
        nextCursor: page.nextCursor,
      };
    },
    approve: (session: StaffSession, listingId: string) =>
      decide(session, listingId, 'approved', (current, now) => {
        const { moderationReason: _reason, ...rest } = current;
        return { ...rest, status: 'published', publishedAt: current.publishedAt ?? now.toISOString() };
      }),
    reject: (session: StaffSession, listingId: string, reason: string) =>
      decide(session, listingId, 'rejected', (current) => ({ ...current, status: 'rejected', moderationReason: reason })),
    hide: (session: StaffSession, listingId: string, reason: string | undefined) =>
      decide(session, listingId, 'hidden', (current) => ({
        ...current,
        status: 'hidden',
        ...(reason ? { moderationReason: reason } : {}),
      })),
  };
}
