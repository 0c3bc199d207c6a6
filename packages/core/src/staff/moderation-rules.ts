import { DomainError } from '../shared/index.js';

/** What staff do to an entry awaiting review or on the site (posts, missions). */
export type ModerationDecision = 'approved' | 'rejected' | 'hidden' | 'edited' | 'closed';

/** From which statuses each decision may be taken: the same for every kind of entry. */
const allowedFrom: Record<ModerationDecision, readonly string[]> = {
  approved: ['pending_moderation', 'hidden'],
  rejected: ['pending_moderation', 'hidden', 'published'],
  hidden: ['published', 'pending_moderation'],
  edited: ['pending_moderation', 'hidden', 'published'],
  /** Closed by staff with its outcome (a post they follow, taken by phone): whatever became of it, but not twice, nor once refused. */
  closed: ['pending_verification', 'pending_moderation', 'published', 'hidden', 'expired'],
};

/** Throws 409 `invalid_status` when `decision` cannot be taken on an entry that is `status` ("A post that is closed cannot be hidden"). */
export function assertDecisionAllowed(what: string, status: string, decision: ModerationDecision): void {
  if (!allowedFrom[decision].includes(status)) {
    throw new DomainError(409, 'invalid_status', `A ${what} that is ${status} cannot be ${decision}`);
  }
}
