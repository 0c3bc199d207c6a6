import {
  cryptoRandom,
  systemClock,
  type AlertStore,
  type CampaignStore,
  type Clock,
  type ListingStore,
  type MissionStore,
  type WishStore,
  type RecognitionStore,
  type Mailer,
  type NearbyIndex,
  type DensitySummary,
  type PostStore,
  type RandomSource,
  type RateLimiter,
  type SectionDatesStore,
  type StaffAccessStore,
  type StaffPostQueries,
  type StatsStore,
  type DrawingStore,
  type DrawingUploadProcessor,
  type GalleryObjects,
} from '@entraide/core';
import {
  DynamoAlertStore,
  DynamoCampaignStore,
  DynamoHttpClient,
  DynamoListingStore,
  DynamoMissionStore,
  DynamoWishStore,
  DynamoRecognitionStore,
  DynamoNearbyIndex,
  DynamoDensitySummary,
  DynamoPostStore,
  DynamoRateLimiter,
  DynamoStaffAccessStore,
  DynamoStaffPostQueries,
  DynamoStatsStore,
  DynamoRelayStore,
  DynamoDrawingStore,
  type DocClient,
} from '@entraide/dynamodb-store';
import { relayDomainOf, type RelayStore } from '@entraide/core';
import type { SdkSesClient, SesClient, SesMailerOptions } from '@entraide/ses-mailer';
import { S3GalleryObjects } from '@entraide/s3-store';
import { lambdaDrawingProcessor } from './lambda-drawing-processor.js';

export interface AdapterSettings {
  tenantId: string;
  tableName: string;
  mailFrom: string;
  sesConfigurationSet?: string;
  /** Clients built by the caller (the local runtime points them at the embedded servers). */
  documentClient?: DocClient;
  sesClient?: SesClient | SdkSesClient;
  /** The tenant's mail-sender function (AWS): every mail is handed to it by an asynchronous Invoke, and it sends it. */
  mailSenderFunction?: string;
  /** A mailer built by the caller (the local runtime's asynchronous invocations); wins over everything else. */
  mailer?: Mailer;
  /** The gallery's bucket (AWS: `GALLERY_BUCKET`), or its objects built by the caller (the embedded S3). */
  galleryBucket?: string;
  galleryObjects?: GalleryObjects;
  /** The tenant's gallery-processing function (AWS: `GALLERY_PROCESSOR_FUNCTION`), or the step in process (the local runtime). */
  galleryProcessorFunction?: string;
  drawingProcessor?: DrawingUploadProcessor;
}

export interface Adapters {
  store: PostStore;
  mailer: Mailer;
  clock: Clock;
  random: RandomSource;
  rateLimiter: RateLimiter;
  /** Staff: the status lists, login links and session secret, and the day counters. */
  staffPosts: StaffPostQueries;
  /** Staff's sign-in, team and the sections' dates set from the staff space (one store, the STAFF items). */
  staffAccess: StaffAccessStore & SectionDatesStore;
  /** The same store, for the residents' functions: each request reads the sections' dates first. */
  sectionDates: SectionDatesStore;
  stats: StatsStore;
  /** The contact relay's conversations, aliases and follow-ups (it counts into `stats`). */
  relayStore: RelayStore;
  /** Aliases are `<token>@<tenant>.<relayDomain>`: `relay.` + the domain mail is sent from. */
  relayDomain: string;
  /** The geographic index that searches read, and the residents' alerts. */
  nearbyIndex: NearbyIndex;
  /** Counts of posts per cell that steer the search; a container keeps them a minute. */
  densitySummary: DensitySummary;
  alertStore: AlertStore;
  /** Campaigns with kits: counters, volunteers, events. */
  campaignStore: CampaignStore;
  /** Missions, their shifts' ledgers (places and waiting lists) and volunteers' sign-ups. */
  missionStore: MissionStore;
  /** Residents' wishes to help and staff's orientations. */
  wishStore: WishStore;
  /** Health workers' recognitions (by address): requests, staff's decisions, the relay's question. */
  recognitionStore: RecognitionStore;
  /** The directory's listings and their delivery-zone index. */
  listingStore: ListingStore;
  /** The gallery: drawings' records, their objects (uploads and images), the processing step. */
  drawingStore: DrawingStore;
  galleryObjects: GalleryObjects;
  drawingProcessor: DrawingUploadProcessor;
}

/** A tenant without a gallery has no bucket: a drawing's route reaching for one is a fault of its stack. */
const noGallery = (): never => {
  throw new Error('this tenant has no gallery bucket (GALLERY_BUCKET)');
};
const missingGallery: GalleryObjects = { presignUpload: noGallery, read: noGallery, write: noGallery, remove: noGallery };

/** The real adapters behind core's ports. Called once per container (or once per tenant locally). */
export function buildAdapters(settings: AdapterSettings): Adapters {
  const documentClient = settings.documentClient ?? new DynamoHttpClient();
  const staffAccess = new DynamoStaffAccessStore(documentClient, settings.tableName);
  return {
    store: new DynamoPostStore(documentClient, settings.tableName),
    mailer: lazySesMailer(settings.sesClient, {
      from: settings.mailFrom,
      ...(settings.sesConfigurationSet ? { configurationSetName: settings.sesConfigurationSet } : {}),
    }),
    clock: systemClock,
    random: cryptoRandom,
    rateLimiter: new DynamoRateLimiter(documentClient, settings.tableName, settings.tenantId),
    staffPosts: new DynamoStaffPostQueries(documentClient, settings.tableName),
    staffAccess,
    sectionDates: staffAccess,
    stats: new DynamoStatsStore(documentClient, settings.tableName),
    // Where there is a queue, every mail goes through it (never lost, sent once): callers do not change.
    ...queuedMailer(settings),
    relayStore: new DynamoRelayStore(documentClient, settings.tableName),
    relayDomain: relayDomainOf(settings.mailFrom),
    nearbyIndex: new DynamoNearbyIndex(documentClient, settings.tableName),
    densitySummary: new DynamoDensitySummary(documentClient, settings.tableName),
    alertStore: new DynamoAlertStore(documentClient, settings.tableName),
    campaignStore: new DynamoCampaignStore(documentClient, settings.tableName),
    missionStore: new DynamoMissionStore(documentClient, settings.tableName),
    wishStore: new DynamoWishStore(documentClient, settings.tableName),
    recognitionStore: new DynamoRecognitionStore(documentClient, settings.tableName),
    listingStore: new DynamoListingStore(documentClient, settings.tableName),
    drawingStore: new DynamoDrawingStore(documentClient, settings.tableName),
    galleryObjects:
      settings.galleryObjects ?? (settings.galleryBucket ? new S3GalleryObjects({ bucket: settings.galleryBucket }) : missingGallery),
    drawingProcessor:
      settings.drawingProcessor ??
      (settings.galleryProcessorFunction ? lambdaDrawingProcessor(settings.galleryProcessorFunction) : { process: noGallery }),
  };
}

/**
 * A mailer that loads on its first mail, not at init: most requests (searches, reads) send none,
 * and evaluating the mail code at every cold start would cost them all (`npm run bench:cold`). esbuild keeps what `load` imports in a chunk of its own, read only then.
 * Concurrent first mails share one load; a load that failed is tried again by the next mail.
 */
export function lazily(load: () => Promise<Mailer>): Mailer {
  let loading: Promise<Mailer> | undefined;
  return {
    send: async (mail) => {
      loading ??= load().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return (await loading).send(mail);
    },
  };
}

/** SES itself, its client loaded on the first mail: where there is no queue (tests, tools). */
const lazySesMailer = (client: SesClient | SdkSesClient | undefined, options: SesMailerOptions): Mailer =>
  lazily(async () => (await import('./ses-mailer.js')).createSesMailer(client, options));

/**
 * The mailer that hands every mail to the sender (decision 0022): the caller's own (the local
 * runtime's asynchronous invocations), or the asynchronous Invoke of the tenant's mail-sender
 * function, whose code loads on the first mail, as most requests send none.
 */
function queuedMailer(settings: AdapterSettings): { mailer?: Mailer } {
  if (settings.mailer) return { mailer: settings.mailer };
  const senderFunction = settings.mailSenderFunction;
  if (!senderFunction) return {};
  return {
    mailer: lazily(async () =>
      (await import('./invoked-mailer.js')).createInvokedMailer(senderFunction, settings.tenantId, systemClock, cryptoRandom.id),
    ),
  };
}
