import type { EntryServiceDeps } from '../posts/index.js';
import {
  assertLinkToken,
  DomainError,
  enforceRateLimits,
  forbidden,
  mutateVersioned,
  newLinkSecret,
  notFound,
  siteLinks,
  type Page,
} from '../shared/index.js';
import { countEvent, counterNames } from '../stats/index.js';
import { assertSectionOpen, sectionOfType } from '../tenant/index.js';
import { drawingRefusalMessages, type DrawingRefusal } from './drawing-processing.js';
import type { DrawingStore, DrawingUploadProcessor } from './drawing-ports.js';
import { drawingVerificationMail } from './drawing-mails.js';
import {
  drawingObjectKeys,
  drawingVerificationHours,
  galleryImagePath,
  toPublicDrawing,
  type DrawingRecord,
  type DrawingStatus,
  type PublicDrawing,
} from './drawing-record.js';
import { drawingConsentWords, type CreateDrawingInput, type DrawingListQuery } from './gallery-schemas.js';
import { presignDrawingUpload } from './gallery-uploads.js';
import { uploadObjectKey } from './object-keys.js';
import type { GalleryObjects, PresignedUpload } from './ports.js';

export interface DrawingServiceDeps extends EntryServiceDeps {
  drawingStore: DrawingStore;
  galleryObjects: GalleryObjects;
  drawingProcessor: DrawingUploadProcessor;
}

/** One drawing's read-change-write, conditional on the version read and retried: every change (the parent's, staff's) goes through it. */
export function mutateDrawing(
  deps: Pick<DrawingServiceDeps, 'tenant' | 'drawingStore' | 'clock'>,
  drawingId: string,
  change: (drawing: DrawingRecord, now: Date) => DrawingRecord,
): Promise<DrawingRecord> {
  return mutateVersioned({ store: deps.drawingStore, tenantId: deps.tenant.id, id: drawingId, clock: deps.clock, what: 'Drawing' }, change);
}

/** The parent's view with the link's token: where the drawing stands, and its images once made. */
export interface OwnDrawing {
  id: string;
  status: DrawingStatus;
  childFirstName?: string;
  childAge?: number;
  message?: string;
  imageRefusal?: { reason: DrawingRefusal; fr: string; en: string };
  thumbnail?: { url: string };
}

/** 422 `image_refused`: what was wrong with the file, in the parent's words (French; English in the detail). */
const imageRefused = (reason: DrawingRefusal): DomainError =>
  new DomainError(422, 'image_refused', drawingRefusalMessages[reason].fr, [{ path: 'image', message: drawingRefusalMessages[reason].en }]);

/** The gallery's use cases for parents and visitors. Inputs are already parsed by the edge. */
export function drawingService(deps: DrawingServiceDeps) {
  const { tenant, drawingStore: store, mailer, clock, random, rateLimiter } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);
  const mutate = (drawingId: string, change: (drawing: DrawingRecord, now: Date) => DrawingRecord) =>
    mutateDrawing(deps, drawingId, change);
  const count = (counts: Record<string, number>) => countEvent(deps.stats, tenant, clock.now(), counts);
  const uploadKey = (drawing: DrawingRecord) => uploadObjectKey(tenant.id, drawing.uploadId);

  async function ownDrawing(drawingId: string, token: string): Promise<DrawingRecord> {
    const drawing = await store.get(tenant.id, drawingId);
    if (!drawing || drawing.status === 'deleted') throw notFound('Drawing');
    assertLinkToken(token, drawing.tokenHash, 'drawing');
    return drawing;
  }

  return {
    /**
     * Stores the drawing unconfirmed, mails the parent the link that confirms it, and answers the
     * one presigned upload of its image (straight to the bucket, never through the API).
     */
    async create(
      input: CreateDrawingInput,
      origin: { sourceIp: string },
    ): Promise<{ id: string; status: DrawingStatus; upload: PresignedUpload }> {
      const now = clock.now();
      const section = assertSectionOpen(tenant, input.section, now, { type: 'gallery' });
      const limits = tenant.rateLimits;
      await enforceRateLimits(
        rateLimiter,
        [
          { subject: `post:ip:${origin.sourceIp}`, max: limits.postsPerHourPerIp, windowSeconds: 3600 },
          { subject: `post:email:${input.parentEmail.toLowerCase()}`, max: limits.postsPerDayPerEmail, windowSeconds: 86_400 },
        ],
        now,
      );
      const { token, tokenHash } = newLinkSecret(random);
      const id = random.id();
      const language = input.language ?? 'fr';
      const drawing: DrawingRecord = {
        tenantId: tenant.id,
        id,
        section: section.id,
        status: 'pending_verification',
        content: {
          ...(input.child?.firstName ? { childFirstName: input.child.firstName } : {}),
          ...(input.child?.age ? { childAge: input.child.age } : {}),
          ...(input.message ? { message: input.message } : {}),
          parentEmail: input.parentEmail,
          language,
        },
        consent: { words: drawingConsentWords[language], givenAt: now.toISOString() },
        tokenHash,
        uploadId: id,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 1,
      };
      const { key: _key, ...upload } = await presignDrawingUpload(
        { objects: deps.galleryObjects },
        tenant.id,
        drawing.uploadId,
        input.image,
      );
      await store.insert(drawing);
      await mailer.send(drawingVerificationMail(tenant, section, drawing, token, links));
      await count({ [counterNames.drawingsCreated]: 1 });
      return { id, status: drawing.status, upload };
    },

    /**
     * The mailed link: processes the uploaded image (once), then hands the drawing to staff, always.
     * The images' folder is written before the processing runs, so a verification interrupted after
     * it is repaired by opening the link again. A refused image is said (422), and nothing of the
     * drawing is kept but the reason.
     */
    async verify(drawingId: string, token: string): Promise<{ id: string; status: DrawingStatus }> {
      const read = await ownDrawing(drawingId, token);
      if (read.status === 'image_refused') throw imageRefused(read.imageRefusal ?? 'unreadable');
      if (read.status !== 'pending_verification') throw forbidden('token_already_used', 'This drawing is already confirmed');
      if (clock.now().getTime() - Date.parse(read.createdAt) > drawingVerificationHours * 3_600_000) {
        throw forbidden('link_expired', 'This link has expired: send the drawing again');
      }
      const prepared = read.imageSecret
        ? read
        : await mutate(drawingId, (current) => (current.imageSecret ? current : { ...current, imageSecret: random.secret() }));
      const result = await deps.drawingProcessor.process({
        tenantId: tenant.id,
        uploadId: prepared.uploadId,
        imageSecret: prepared.imageSecret!,
      });
      if (result.outcome === 'refused' && result.reason === 'missing') {
        // Not received (yet): nothing changes, the link may be opened again once the upload is done.
        throw new DomainError(409, 'image_missing', drawingRefusalMessages.missing.fr, [
          { path: 'image', message: drawingRefusalMessages.missing.en },
        ]);
      }
      let changed = false;
      const drawing = await mutate(drawingId, (current) => {
        // Another opening of the link got there first: its answer stands, counted once.
        if (current.status !== 'pending_verification') return current;
        changed = true;
        if (result.outcome === 'stored') return { ...current, status: 'pending_moderation', images: result.images };
        return { ...current, status: 'image_refused', imageRefusal: result.reason, content: null, consent: null };
      });
      if (changed) await count({ [counterNames.drawingsReachedStatus(drawing.status)]: 1 });
      if (drawing.status === 'image_refused') throw imageRefused(drawing.imageRefusal ?? 'unreadable');
      return { id: drawing.id, status: drawing.status };
    },

    async getOwn(drawingId: string, token: string): Promise<OwnDrawing> {
      const drawing = await ownDrawing(drawingId, token);
      const refusal = drawing.imageRefusal;
      return {
        id: drawing.id,
        status: drawing.status,
        ...(drawing.content?.childFirstName ? { childFirstName: drawing.content.childFirstName } : {}),
        ...(drawing.content?.childAge ? { childAge: drawing.content.childAge } : {}),
        ...(drawing.content?.message ? { message: drawing.content.message } : {}),
        ...(refusal ? { imageRefusal: { reason: refusal, ...drawingRefusalMessages[refusal] } } : {}),
        ...(drawing.images ? { thumbnail: { url: galleryImagePath(drawing.images.thumbnailKey) } } : {}),
      };
    },

    /**
     * The parent's delete, by the link: every stored object first (the upload, both sizes; again on
     * a retry, as the record still names them), then the record erased.
     */
    async remove(drawingId: string, token: string): Promise<void> {
      const drawing = await ownDrawing(drawingId, token);
      await deps.galleryObjects.remove(drawingObjectKeys(drawing, uploadKey(drawing)));
      await mutate(drawingId, (current) => {
        assertLinkToken(token, current.tokenHash, 'drawing');
        const { images: _images, imageSecret: _secret, ...rest } = current;
        return { ...rest, status: 'deleted', content: null, consent: null, tokenHash: null };
      });
      await count({ [counterNames.drawingsReachedStatus('deleted')]: 1 });
    },

    async getPublic(drawingId: string): Promise<PublicDrawing> {
      const drawing = await store.get(tenant.id, drawingId);
      if (!drawing || drawing.status !== 'published' || !drawing.content || !drawing.images) throw notFound('Drawing');
      return toPublicDrawing(drawing);
    },

    /** `GET /drawings`: the published drawings, newest first, of one section if asked. */
    async list(query: DrawingListQuery): Promise<Page<PublicDrawing>> {
      if (query.section !== undefined) sectionOfType(tenant, query.section, 'gallery', 'query.section');
      const page = await store.listPublished(tenant.id, {
        limit: query.limit ?? 24,
        ...(query.cursor ? { cursor: query.cursor } : {}),
        ...(query.section ? { section: query.section } : {}),
      });
      return { items: page.items.filter((drawing) => drawing.status === 'published').map(toPublicDrawing), nextCursor: page.nextCursor };
    },
  };
}

export type DrawingService = ReturnType<typeof drawingService>;
