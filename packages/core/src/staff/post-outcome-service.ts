import { effectiveStatus, mutatePost, type CloseReason, type PostServiceDeps } from '../posts/index.js';
import { followUpService, type FollowUpAnswer, type RelayStore } from '../relay/index.js';
import { DomainError, notFound } from '../shared/index.js';
import { counterNames, countEvent } from '../stats/index.js';
import { assertDecisionAllowed } from './moderation-rules.js';
import type { StaffSession } from './ports.js';
import { toStaffPostView, type StaffPostView } from './staff-post-view.js';

/** A post's record as staff open it: the post, and the answer to "did the help happen?" once there is one. */
export interface StaffPostRecordView extends StaffPostView {
  followUp: { answer: FollowUpAnswer; answeredAt: string | null; byStaff: boolean } | null;
}

export interface PostOutcomeDeps extends Omit<PostServiceDeps, 'publication'> {
  relayStore: RelayStore;
}

/**
 * How a post ended, as staff record it: they close any post with its outcome (helped, no longer
 * needed, no answer, a duplicate; none of them a refusal), and answer "did the help happen?" for
 * the author of a post they took by phone (the relay's one follow-up, answered once).
 */
export function staffPostOutcomeService(deps: PostOutcomeDeps) {
  const { tenant, store, clock, relayStore } = deps;
  const followUps = followUpService(deps);

  async function record(session: StaffSession, postId: string): Promise<StaffPostRecordView> {
    const [post, followUp] = await Promise.all([store.get(tenant.id, postId), relayStore.getFollowUp(tenant.id, postId)]);
    if (!post) throw notFound('Post');
    return {
      ...toStaffPostView(post, session, clock.now()),
      followUp: followUp?.answer
        ? { answer: followUp.answer, answeredAt: followUp.answeredAt ?? null, byStaff: followUp.answeredBy === 'staff' }
        : null,
    };
  }

  return {
    record,

    /** Closes a post (on the site or not, expired or not) with its outcome; counted as closed, never as refused. */
    async close(session: StaffSession, postId: string, outcome: CloseReason): Promise<StaffPostRecordView> {
      await mutatePost(deps, postId, (current, now) => {
        assertDecisionAllowed('post', effectiveStatus(current, now), 'closed');
        return { ...current, status: 'closed', closedReason: outcome, closedAt: now.toISOString(), closedBy: session.email };
      });
      await countEvent(deps.stats, tenant, clock.now(), {
        [counterNames.postsReachedStatus('closed')]: 1,
        [counterNames.postsClosedBecause(outcome)]: 1,
        [counterNames.postsClosedByStaff]: 1,
      });
      return record(session, postId);
    },

    /** "Did the help happen?" for a resident without internet: staff answer once, as the author would from the mail. */
    async answerFollowUp(session: StaffSession, postId: string, answer: FollowUpAnswer): Promise<StaffPostRecordView> {
      const post = await store.get(tenant.id, postId);
      if (!post?.content) throw notFound('Post');
      if (!post.enteredByStaff) {
        throw new DomainError(
          409,
          'author_answers',
          'Its author answers this question from the mail; staff answer only for posts they entered',
        );
      }
      await followUps.answerForAuthor(postId, answer);
      return record(session, postId);
    },
  };
}
