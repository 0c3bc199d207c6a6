import { notFound, siteLinks, assertLinkToken, newLinkSecret } from '../shared/index.js';
import { countEvent } from '../stats/index.js';
import type { RelayDeps } from './ports.js';
import { relayCounters } from './relay-counters.js';
import { followUpMail } from './relay-mails.js';
import type { FollowUpAnswer } from './relay-records.js';

/** Days after a post's first connection before its author is asked whether the help took place. */
export const followUpDelayDays = 4;

/** The follow-up question ("did the help take place?"), asked once per post after its first connection. */
export function followUpService(deps: Omit<RelayDeps, 'rateLimiter' | 'relayDomain'>) {
  const { tenant, store, relayStore, stats, mailer, clock, random } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);
  const count = (counts: Record<string, number>): Promise<void> => countEvent(stats, tenant, clock.now(), counts);
  /** Counts an answer recorded; one refused (answered already) gives the answer that stands. */
  async function settle(postId: string, answer: FollowUpAnswer, recorded: boolean): Promise<{ answer: FollowUpAnswer; recorded: boolean }> {
    if (!recorded) {
      const current = await relayStore.getFollowUp(tenant.id, postId);
      return { answer: current?.answer ?? answer, recorded: false };
    }
    await count({ [relayCounters.followUp[answer]]: 1 });
    return { answer, recorded: true };
  }
  return {
    /** The scheduled `follow-ups` job: asks each due post's author whether the help took place. */
    async sendDueFollowUps(limit = 200): Promise<{ due: number; sent: number; skipped: number }> {
      const due = await relayStore.dueFollowUps(tenant.id, clock.now(), limit);
      let sent = 0;
      for (const followUp of due) {
        const post = await store.get(tenant.id, followUp.postId);
        const { token, tokenHash } = newLinkSecret(random);
        if (!(await relayStore.markFollowUpSent(tenant.id, followUp.postId, tokenHash, clock.now()))) continue;
        // A deleted post's author has been forgotten: nobody to ask.
        if (!post?.content) continue;
        await mailer.send(followUpMail(tenant, { ...post, content: post.content }, token, links));
        sent++;
      }
      if (sent > 0) await count({ [relayCounters.followUpsSent]: sent });
      return { due: due.length, sent, skipped: due.length - sent };
    },

    /** The one-click answer from the follow-up mail; the first answer counts, later ones change nothing. */
    async answerFollowUp(postId: string, token: string, answer: FollowUpAnswer): Promise<{ answer: FollowUpAnswer; recorded: boolean }> {
      const followUp = await relayStore.getFollowUp(tenant.id, postId);
      if (!followUp?.tokenHash) throw notFound('Follow-up');
      assertLinkToken(token, followUp.tokenHash, 'post');
      if (followUp.answer) return { answer: followUp.answer, recorded: false };
      return settle(postId, answer, await relayStore.answerFollowUp(tenant.id, postId, answer, clock.now()));
    },

    /** Staff answer for the author of a post they took by phone; the first answer counts, as from the mail. */
    async answerForAuthor(postId: string, answer: FollowUpAnswer): Promise<{ answer: FollowUpAnswer; recorded: boolean }> {
      return settle(postId, answer, await relayStore.answerFollowUpForAuthor(tenant.id, postId, answer, clock.now()));
    },
  };
}
