import type { PostErasureListener } from '../posts/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { RelayStore } from './ports.js';

/**
 * What the relay keeps about a post's contacts goes with the post: each conversation (the
 * resident's name and address), its two aliases and its reports. Idempotent: run again, it finishes
 * what a failure left (the conversation, which names the aliases, is erased last).
 */
export function conversationErasure(deps: { tenant: Pick<TenantConfig, 'id'>; relayStore: RelayStore }): PostErasureListener {
  return {
    async postErasing(post) {
      for (const conversation of await deps.relayStore.conversationsOf(deps.tenant.id, post.id)) {
        await deps.relayStore.eraseConversation(conversation);
      }
    },
  };
}

/** The edge's wiring: a post's deletion erases its conversations too (posts know nothing of the relay). */
export function erasingConversations<Deps extends { tenant: Pick<TenantConfig, 'id'>; relayStore: RelayStore }>(
  deps: Deps,
): Deps & { erasure: PostErasureListener } {
  return { ...deps, erasure: conversationErasure(deps) };
}
