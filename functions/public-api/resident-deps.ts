import {
  erasingConversations,
  publishingToAlerts,
  sectionDatesService,
  type AlertServiceDeps,
  type CampaignStore,
  type DrawingServiceDeps,
  type ListingServiceDeps,
  type MissionServiceDeps,
  type NearbyServiceDeps,
  type PostServiceDeps,
  type RecognitionStore,
  type RelayDeps,
  type SectionDatesStore,
  type WishStore,
} from '@entraide/core';
import type { Logger } from '../shared/logger.js';

/** What the residents' API is built from: the tenant, the adapters behind core's ports, a logger. */
export type PublicApiDeps = Omit<PostServiceDeps, 'publication'> &
  AlertServiceDeps &
  NearbyServiceDeps &
  RelayDeps &
  MissionServiceDeps &
  ListingServiceDeps &
  DrawingServiceDeps & {
    wishStore: WishStore;
    recognitionStore: RecognitionStore;
    logger: Logger;
    campaignStore: CampaignStore;
    /** The sections' dates set from the staff space, read before each request (without it: the tenant file's). */
    sectionDates?: SectionDatesStore;
    /** CloudFront's origin secret; `ORIGIN_SECRET` when omitted (functions/shared/http.ts). */
    originSecret?: string | null;
  };

/**
 * What every module of operations builds its services from: a post becomes public, its alerts
 * hear of it; a post is deleted, its conversations go with it.
 */
export const residentDeps = (edgeDeps: PublicApiDeps) => erasingConversations(publishingToAlerts(edgeDeps));

/** The sections' dates set from the staff space, read into the tenant's config before a request. */
export const sectionDates = (edgeDeps: PublicApiDeps, store: SectionDatesStore) =>
  sectionDatesService({ ...residentDeps(edgeDeps), sectionDates: store });
