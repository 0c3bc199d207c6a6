import { DomainError, forbidden, newLinkSecret, secretMatches, siteLinks } from '../shared/index.js';
import { type ActivityCounter, counterNames, countEvent } from '../stats/index.js';
import type { EntryServiceDeps } from './entry-deps.js';
import type { PostStore } from './ports.js';
import { expiryReminderMail } from './post-mails.js';
import { mutatePost } from './post-mutation.js';
import { effectiveStatus, type PostRecord, type PostStatus } from './post-record.js';
import type { StillNeededInput } from './post-schemas.js';

/** Posts' own deps, without rate limits (the job and a mailed link), counting into any day counter. */
export type ExpiryReminderDeps = Pick<EntryServiceDeps, 'tenant' | 'mailer' | 'clock' | 'random' | 'siteUrl'> & {
  store: PostStore;
  stats?: ActivityCounter;
};

const dayMs = 86_400_000;

/** The posts one run reads at most (those expiring within its days, soonest first, a page at a time): the job's bound, documented in docs/api.md. */
export const expiryReminderReadLimit = 5000;
const pageSize = 50;

/** Counters of the "still needed?" mails and their answers (day counters, like every figure). */
export const expiryCounters = {
  remindersSent: 'posts.expiry_reminders',
  extended: 'posts.extended',
  reopened: 'posts.reopened',
} as const;

/** Thrown inside a change when the post is no longer due: nothing is written. */
class NotDue extends Error {}

/** Whether the post's current expiry still waits for its "still needed?" mail. */
function reminderDue(post: PostRecord, now: Date, horizon: number): boolean {
  if (!post.content || effectiveStatus(post, now) !== 'published') return false;
  if (Date.parse(post.expiresAt) > horizon) return false;
  const reminder = post.expiryReminder;
  return !(reminder && reminder.forExpiresAt === post.expiresAt && reminder.sentAt);
}

/**
 * "Still needed?": each published post gets one mail, `expiryReminder.daysBefore` days before it
 * expires, whose link extends it by the tenant's lifetime (at most `maxExtensions` times) or closes
 * it with its outcome.
 *
 * A send is two writes around the mail: the attempt (a new link secret's hash added), then `sentAt`.
 * The mail's idempotency key is the post and its expiry, so should anything fail in between, the
 * next run sends again and the queue lets one mail out; every attempt's secret opens the link, so
 * the mail that went out works whichever attempt it was.
 */
export function expiryReminderService(deps: ExpiryReminderDeps) {
  const { tenant, mailer, clock, random } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);
  const settings = tenant.expiryReminder;
  const extensionsLeft = (post: PostRecord): number => Math.max(0, settings.maxExtensions - (post.extensions ?? 0));

  async function remind(post: PostRecord, horizon: number): Promise<boolean> {
    const { token, tokenHash } = newLinkSecret(random);
    let attempt: PostRecord;
    try {
      attempt = await mutatePost(deps, post.id, (current, now) => {
        if (!reminderDue(current, now, horizon)) throw new NotDue();
        const earlier = current.expiryReminder?.forExpiresAt === current.expiresAt ? current.expiryReminder.tokenHashes : [];
        return {
          ...current,
          expiryReminder: {
            forExpiresAt: current.expiresAt,
            sentAt: null,
            // A few attempts' secrets are kept: one of them is in the mail that went out.
            tokenHashes: [...earlier, tokenHash].slice(-5),
            usedAt: null,
          },
        };
      });
    } catch (error) {
      if (error instanceof NotDue) return false;
      throw error;
    }
    await mailer.send(
      expiryReminderMail(tenant, attempt, token, links, { days: tenant.postLifetimeDays, allowed: extensionsLeft(attempt) > 0 }),
    );
    await mutatePost(deps, post.id, (current, now) =>
      current.expiryReminder && current.expiryReminder.forExpiresAt === attempt.expiresAt
        ? { ...current, expiryReminder: { ...current.expiryReminder, sentAt: now.toISOString() } }
        : current,
    );
    return true;
  }

  return {
    /**
     * The daily run (the `follow-ups` job, in the residents' morning): reads the published posts that
     * expire within `daysBefore` days, soonest first (by their expiry, so none is missed however many
     * posts the tenant has), at most `readLimit`, and mails the author of each that has not had its
     * mail for that expiry. A post that fails is left for the next run; the others go on.
     */
    async sendDueReminders(readLimit = expiryReminderReadLimit): Promise<{ read: number; due: number; sent: number; failed: number }> {
      const now = clock.now();
      const horizon = now.getTime() + settings.daysBefore * dayMs;
      let read = 0;
      let due = 0;
      let sent = 0;
      let failed = 0;
      let cursor: string | null = null;
      do {
        const page = await deps.store.listExpiring(tenant.id, {
          from: now,
          to: new Date(horizon),
          limit: pageSize,
          ...(cursor ? { cursor } : {}),
        });
        read += page.items.length;
        for (const post of page.items.filter((candidate) => reminderDue(candidate, now, horizon))) {
          due++;
          try {
            if (await remind(post, horizon)) sent++;
          } catch {
            failed++;
          }
        }
        cursor = page.nextCursor;
      } while (cursor && read < readLimit);
      if (sent > 0) await countEvent(deps.stats, tenant, clock.now(), { [expiryCounters.remindersSent]: sent });
      return { read, due, sent, failed };
    },

    /**
     * The mail's link: `extend` adds the tenant's lifetime (from the expiry, or from now if it has
     * passed), while the post has extensions left; `fulfilled` or `no_longer_needed` closes it with
     * that outcome. Each mail's link answers once.
     */
    async answer(
      postId: string,
      input: StillNeededInput,
    ): Promise<{ id: string; status: PostStatus; expiresAt: string; extensionsLeft: number }> {
      const post = await mutatePost(deps, postId, (current, now) => {
        const reminder = current.expiryReminder;
        if (!reminder || !reminder.tokenHashes.some((tokenHash) => secretMatches(input.token, tokenHash))) {
          throw forbidden('invalid_token', 'This link is not valid for this post');
        }
        if (reminder.usedAt) throw new DomainError(409, 'reminder_used', 'This link has already been used');
        if (current.status === 'closed') throw new DomainError(409, 'post_closed', 'This post is closed');
        if (current.status !== 'published') throw new DomainError(409, 'post_not_published', 'This post is not on the site');
        const used = { ...reminder, usedAt: now.toISOString() };
        if (input.answer !== 'extend') {
          return { ...current, status: 'closed', closedReason: input.answer, closedAt: now.toISOString(), expiryReminder: used };
        }
        if (extensionsLeft(current) === 0) {
          throw new DomainError(409, 'extension_limit', `A post can be extended ${settings.maxExtensions} times`, [
            { path: 'answer', message: `already extended ${current.extensions ?? 0} times` },
          ]);
        }
        const from = Math.max(Date.parse(current.expiresAt), now.getTime());
        return {
          ...current,
          expiresAt: new Date(from + tenant.postLifetimeDays * dayMs).toISOString(),
          extensions: (current.extensions ?? 0) + 1,
          expiryReminder: used,
        };
      });
      await countEvent(
        deps.stats,
        tenant,
        clock.now(),
        input.answer === 'extend'
          ? { [expiryCounters.extended]: 1 }
          : { [counterNames.postsReachedStatus('closed')]: 1, [counterNames.postsClosedBecause(input.answer)]: 1 },
      );
      return { id: post.id, status: effectiveStatus(post, clock.now()), expiresAt: post.expiresAt, extensionsLeft: extensionsLeft(post) };
    },
  };
}

export type ExpiryReminderService = ReturnType<typeof expiryReminderService>;
