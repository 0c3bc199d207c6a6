import { countListed, siteLinks, type Page, type PageQuery } from '../shared/index.js';
import { assertDecisionAllowed, type ModerationDecision, type StaffSession } from '../staff/index.js';
import { countEvent, counterNames } from '../stats/index.js';
import type { DrawingStore } from './drawing-ports.js';
import { drawingDecisionMail } from './drawing-mails.js';
import { drawingObjectKeys, toStaffDrawing, type DrawingRecord, type StaffDrawingView } from './drawing-record.js';
import { mutateDrawing, type DrawingServiceDeps } from './drawing-service.js';
import { uploadObjectKey } from './object-keys.js';

/**
 * Staff's decisions on drawings, by the posts' rules (`assertDecisionAllowed`): the queue of what
 * awaits them (every confirmed drawing: the gallery is moderated before publication, always),
 * approve (published, the parent mailed), reject (the parent mailed the reason; the images and
 * what the parent wrote are erased).
 */
export function drawingModerationService(deps: Omit<DrawingServiceDeps, 'drawingProcessor'>) {
  const { tenant, drawingStore: store, clock } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  async function decide(
    drawingId: string,
    decision: ModerationDecision,
    change: (drawing: DrawingRecord, now: Date) => DrawingRecord,
  ): Promise<{ before: DrawingRecord; after: DrawingRecord }> {
    let before!: DrawingRecord;
    const after = await mutateDrawing(deps, drawingId, (current, now) => {
      assertDecisionAllowed('drawing', current.status, decision);
      before = current;
      return change(current, now);
    });
    await countEvent(deps.stats, tenant, clock.now(), { [counterNames.drawingsReachedStatus(after.status)]: 1 });
    return { before, after };
  }

  return {
    /** What awaits a decision, oldest first, with the drawing, the message and the consent's words. */
    async queue(session: StaffSession, query: PageQuery = {}): Promise<Page<StaffDrawingView>> {
      const page = await store.listForModeration(tenant.id, {
        limit: query.limit ?? 20,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return {
        items: page.items.filter((drawing) => drawing.content && drawing.images).map((drawing) => toStaffDrawing(drawing, session.role)),
        nextCursor: page.nextCursor,
      };
    },

    async approve(session: StaffSession, drawingId: string): Promise<StaffDrawingView> {
      const { after } = await decide(drawingId, 'approved', (current, now) => {
        const { moderationReason: _reason, ...rest } = current;
        return { ...rest, status: 'published', publishedAt: current.publishedAt ?? now.toISOString() };
      });
      await deps.mailer.send(drawingDecisionMail(tenant, after, after.content!.parentEmail, { published: true }, links));
      return toStaffDrawing(after, session.role);
    },

    /**
     * Rejected: the images removed first (the record still names them, so a failure is retried by
     * rejecting again), then the record keeps the reason and the dates only; the parent is mailed.
     */
    async reject(_session: StaffSession, drawingId: string, reason: string): Promise<{ id: string; status: 'rejected' }> {
      const current = await store.get(tenant.id, drawingId);
      if (current?.content) {
        assertDecisionAllowed('drawing', current.status, 'rejected');
        await deps.galleryObjects.remove(drawingObjectKeys(current, uploadObjectKey(tenant.id, current.uploadId)));
      }
      const { before, after } = await decide(drawingId, 'rejected', (drawing) => {
        const { images: _images, imageSecret: _secret, ...rest } = drawing;
        return { ...rest, status: 'rejected', moderationReason: reason, content: null, consent: null, tokenHash: null };
      });
      await deps.mailer.send(drawingDecisionMail(tenant, before, before.content!.parentEmail, { published: false, reason }, links));
      return { id: after.id, status: 'rejected' };
    },
  };
}

/** How many drawings await staff, counted up to `limit` (the digest's figure). */
export const countDrawingsAwaiting = (store: DrawingStore, tenantId: string, limit: number): Promise<number> =>
  countListed((page) => store.listForModeration(tenantId, page), limit);
