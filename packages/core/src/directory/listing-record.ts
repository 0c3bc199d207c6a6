import { distanceKm, type LatLon } from '../geo/index.js';
import type { Commune } from './communes.js';
import type { Weekday } from './listing-schemas.js';

/** As posts: what is written; `expired` is judged on read. `closed` by its owner; `paused` is a flag beside the status. */
export type ListingStoredStatus =
  | 'pending_verification'
  | 'pending_moderation'
  | 'published'
  | 'hidden'
  | 'rejected'
  | 'closed'
  | 'deleted';
export type ListingStatus = ListingStoredStatus | 'expired';

export interface DeliveryZone {
  radiusKm?: number;
  communes?: Commune[];
}

export interface ListingContent {
  name: string;
  description: string;
  address: string;
  /** The business's own point: public, unlike a resident's. */
  location: LatLon;
  deliveryZone: DeliveryZone;
  deliveryDays: Weekday[];
  hours?: string;
  ordering: { phone?: string; website?: string; email?: string };
  clickAndCollect: boolean;
  delivery: boolean;
  /** Who entered it: the address the link went to. Never shown, never in open data. */
  author: { name: string; email: string };
}

export interface ListingRecord {
  tenantId: string;
  id: string;
  section: string;
  categories: string[];
  status: ListingStoredStatus;
  /** Taken off the directory by its owner for a while (holidays), back with one click. */
  paused?: boolean;
  /** Erased (null) when the listing is deleted. */
  content: ListingContent | null;
  /** sha256 of the owner's secret token (the token is only in the owner's mailbox). */
  tokenHash: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  expiresAt: string;
  version: number;
  moderationReason?: string;
}

export function effectiveListingStatus(listing: ListingRecord, now: Date): ListingStatus {
  const expirable = listing.status !== 'closed' && listing.status !== 'deleted' && listing.status !== 'rejected';
  return expirable && now.getTime() >= Date.parse(listing.expiresAt) ? 'expired' : listing.status;
}

/** In the directory, its searches and its open data: published, not expired, not paused. */
export const isListingPublic = (listing: ListingRecord, now: Date): boolean =>
  effectiveListingStatus(listing, now) === 'published' && !listing.paused && listing.content !== null;

/**
 * Whether a listing delivers to a point: within its radius of the listing's point, or in one of its
 * communes (the point's commune, as the address search found it: `commune`). The one rule, for the
 * index's candidates and the brute force of the tests alike.
 */
export function deliversTo(listing: Pick<ListingRecord, 'content'>, point: LatLon, commune?: string): boolean {
  const zone = listing.content?.deliveryZone;
  if (!listing.content || !zone) return false;
  const codes = (zone.communes ?? []).map((candidate) => candidate.code);
  return zoneHolds(listing.content.location, zone.radiusKm, codes, point, commune);
}

/** `deliversTo`'s rule on a zone's parts: within `radiusKm` of `location`, or `commune` among `communes`. */
export const zoneHolds = (
  location: LatLon,
  radiusKm: number | undefined,
  communes: readonly string[],
  point: LatLon,
  commune: string | undefined,
): boolean => (radiusKm !== undefined && distanceKm(location, point) <= radiusKm) || (commune !== undefined && communes.includes(commune));

/** What anyone may see: the business's public contact, never the address that entered it. */
export type PublicListing = Omit<ListingContent, 'author'> & {
  id: string;
  section: string;
  categories: string[];
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  /** From the asked point, to 100 m, in searches. */
  distanceKm?: number;
};

export function toPublicListing(listing: ListingRecord): PublicListing {
  const content = listing.content;
  if (!content) throw new Error(`listing ${listing.id} has no content`);
  return {
    id: listing.id,
    section: listing.section,
    categories: listing.categories,
    name: content.name,
    description: content.description,
    address: content.address,
    location: content.location,
    deliveryZone: content.deliveryZone,
    deliveryDays: content.deliveryDays,
    ...(content.hours ? { hours: content.hours } : {}),
    ordering: content.ordering,
    clickAndCollect: content.clickAndCollect,
    delivery: content.delivery,
    createdAt: listing.publishedAt ?? listing.createdAt,
    updatedAt: listing.updatedAt,
    expiresAt: listing.expiresAt,
  };
}

/** What the owner sees with their token: the public view, where it stands, and who entered it. */
export type OwnerListing = PublicListing & { status: ListingStatus; paused: boolean; author: { name: string; email: string } };

export function toOwnerListing(listing: ListingRecord, now: Date): OwnerListing {
  return {
    ...toPublicListing(listing),
    status: effectiveListingStatus(listing, now),
    paused: listing.paused === true,
    author: listing.content!.author,
  };
}
