import type { PostStore } from '../posts/index.js';
import { residentKeyOf, type RelayStore } from '../relay/index.js';
import { addMonths, ConcurrentUpdateError, recognitionLifetimeMonths, type Clock } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import { recognitionStatuses } from './health-worker-schemas.js';
import { healthWorkersSections, readHealthWorkersPosts } from './housing-search.js';
import type { RecognitionStore } from './ports.js';
import type { RecognitionRecord } from './recognition-record.js';

/** When a recognition (or a request) ends: `recognitionLifetimeMonths` after its last change of status. */
export const recognitionEndFrom = (at: Date): string => addMonths(at, recognitionLifetimeMonths).toISOString();

/** Its `expiresAt`, or for a record written before recognitions ended, the months after its last decision. */
export const recognitionEnd = (record: RecognitionRecord): string =>
  record.expiresAt ?? recognitionEndFrom(new Date(record.decidedAt ?? record.verifiedAt ?? record.createdAt));

export const recognitionEnded = (record: RecognitionRecord, now: Date): boolean => Date.parse(recognitionEnd(record)) <= now.getTime();

export interface RecognitionConversationsDeps {
  tenant: TenantConfig;
  store: PostStore;
  relayStore: RelayStore;
  clock: Clock;
}

/**
 * Closes the conversations `emails` opened with offers for health workers, through the relay's
 * close path (staff's "close this conversation"): a sender no longer recognised writes no more to
 * those offers, in a conversation already open either. Requests of those sections stay open (anyone
 * may answer them). Idempotent: a closed conversation stays as it is, so a withdrawal that failed
 * midway is finished by running it again. Answers how many it closed.
 */
export async function closeRecognisedConversations(
  deps: RecognitionConversationsDeps,
  emails: string[],
  closedBy: string,
): Promise<number> {
  if (emails.length === 0) return 0;
  const { tenant, relayStore } = deps;
  const residentKeys = [...new Set(emails.map(residentKeyOf))];
  const offers: string[] = [];
  await readHealthWorkersPosts(deps, healthWorkersSections(tenant), (post) => {
    if (post.kind === 'offer') offers.push(post.id);
  });
  let closed = 0;
  const at = deps.clock.now().toISOString();
  for (const postId of offers) {
    for (const residentKey of residentKeys) {
      const conversation = await relayStore.getConversation(tenant.id, postId, residentKey);
      if (!conversation || conversation.closedAt) continue;
      if (await relayStore.closeConversation(tenant.id, postId, residentKey, { at, by: closedBy })) closed += 1;
    }
  }
  return closed;
}

/**
 * The daily erasure of recognitions (job `recognitions`): every recognition, request or withdrawal
 * whose end has come (`recognitionLifetimeMonths` after its last change) is erased, and any whose
 * resident's erasure stopped between its two writes; the conversations of a sender recognised till
 * then are closed first. A record changed meanwhile (a renewed request) is left for the next run.
 */
export async function eraseEndedRecognitions(
  deps: RecognitionConversationsDeps & { recognitionStore: RecognitionStore },
): Promise<{ recognitionsErased: number; conversationsClosed: number }> {
  const { tenant, recognitionStore, clock } = deps;
  if (!tenant.healthWorkers) return { recognitionsErased: 0, conversationsClosed: 0 };
  const now = clock.now();
  const ended: RecognitionRecord[] = [];
  for (const status of recognitionStatuses) {
    let cursor: string | undefined;
    do {
      const page = await recognitionStore.list(tenant.id, status, { limit: 100, ...(cursor ? { cursor } : {}) });
      ended.push(...page.items.filter((record) => record.erasing || recognitionEnded(record, now)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  const conversationsClosed = await closeRecognisedConversations(
    deps,
    ended.filter((record) => record.status === 'recognised' || (record.erasing && record.via)).map((record) => record.email),
    'expiry',
  );
  let recognitionsErased = 0;
  for (const record of ended) {
    try {
      await recognitionStore.remove(tenant.id, record.id, record.version);
      recognitionsErased += 1;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
    }
  }
  return { recognitionsErased, conversationsClosed };
}
