import * as z from 'zod';
import { defaultPageSize, effectiveStatus, maxPageSize, type PostStatus, type PostStore } from '../posts/index.js';
import { relayCounters, type ConversationFlagger, type ConversationReport, type RelayStore } from '../relay/index.js';
import { notFound, pageQueryShape, type Clock, type Page } from '../shared/index.js';
import { countEvent, type ActivityCounter } from '../stats/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { StaffSession } from './ports.js';

/** `GET /staff/conversations?flagged=true`: the reported ones are the only list there is. */
export const reportedConversationsQuerySchema = z.strictObject({
  flagged: z.enum(['true']).optional(),
  ...pageQueryShape(maxPageSize),
});
export type ReportedConversationsQuery = z.infer<typeof reportedConversationsQuerySchema>;

/** A resident key is 32 hex characters (`residentKeyOf`); a post id 8 to 32 of our id alphabet. */
const conversationIdPattern = /^([A-Za-z0-9_-]{1,32})([0-9a-f]{32})$/;

/** A conversation's id in staff's routes: its post's id, then the resident's key (never an address). */
export const conversationId = (postId: string, residentKey: string): string => `${postId}${residentKey}`;

/** A conversation's id in staff's routes, read back: its post and resident key, or a 404. */
export function parseConversationId(id: string): { postId: string; residentKey: string } {
  const match = conversationIdPattern.exec(id);
  if (!match) throw notFound('Conversation');
  return { postId: match[1]!, residentKey: match[2]! };
}

/** What staff see of a reported conversation: who reported it and when, the post, never an address. */
export interface ReportedConversationView {
  id: string;
  postId: string;
  postTitle: string | null;
  postStatus: PostStatus | null;
  /** A party ("signaler ce message"), or `spoofing`: a reply the relay refused as not from the party. */
  reportedBy: ConversationFlagger;
  reportedAt: string;
  /** The name the resident gave on the contact form (escaped wherever shown). */
  residentName: string | null;
  startedAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
}

export interface ConversationReviewDeps {
  tenant: TenantConfig;
  clock: Clock;
  store: PostStore;
  relayStore: RelayStore;
  stats?: ActivityCounter;
}

/** Staff deal with reported conversations ("signaler ce message"): list them, close one. */
export function conversationReviewService(deps: ConversationReviewDeps) {
  const { tenant, clock, store, relayStore } = deps;

  async function view(report: ConversationReport): Promise<ReportedConversationView> {
    const [post, conversation] = await Promise.all([
      store.get(tenant.id, report.postId),
      relayStore.getConversation(tenant.id, report.postId, report.residentKey),
    ]);
    return {
      id: conversationId(report.postId, report.residentKey),
      postId: report.postId,
      postTitle: post?.content?.title ?? null,
      postStatus: post ? effectiveStatus(post, clock.now()) : null,
      reportedBy: report.reportedBy,
      reportedAt: report.at,
      residentName: conversation?.resident.name ?? null,
      startedAt: conversation?.createdAt ?? null,
      closedAt: conversation?.closedAt ?? null,
      closedBy: conversation?.closedBy ?? null,
    };
  }

  return {
    /** The reports not dealt with yet, newest first. */
    async listReported(_session: StaffSession, query: ReportedConversationsQuery): Promise<Page<ReportedConversationView>> {
      const page = await relayStore.listReportedConversations(tenant.id, {
        limit: query.limit ?? defaultPageSize,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return { items: await Promise.all(page.items.map(view)), nextCursor: page.nextCursor };
    },

    /**
     * Closes a conversation: from the first write on, neither alias relays and the contact form
     * refuses it; then its reports leave the list. Should the second step fail, closing again
     * (the list still shows it, closed) finishes it: the first step is not repeated, nor counted twice.
     */
    async close(session: StaffSession, id: string): Promise<{ id: string; closedAt: string | null; closedBy: string | null }> {
      const { postId, residentKey } = parseConversationId(id);
      const conversation = await relayStore.getConversation(tenant.id, postId, residentKey);
      if (!conversation) throw notFound('Conversation');
      const now = clock.now();
      const closedNow =
        !conversation.closedAt &&
        (await relayStore.closeConversation(tenant.id, postId, residentKey, { at: now.toISOString(), by: session.email }));
      if (closedNow) await countEvent(deps.stats, tenant, now, { [relayCounters.conversationsClosed]: 1 });
      await relayStore.unlistReports(tenant.id, postId, residentKey);
      const closed = closedNow ? await relayStore.getConversation(tenant.id, postId, residentKey) : conversation;
      return { id, closedAt: closed?.closedAt ?? null, closedBy: closed?.closedBy ?? null };
    },
  };
}
