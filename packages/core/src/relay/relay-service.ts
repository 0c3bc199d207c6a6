import { effectiveStatus, type PostRecord } from '../posts/index.js';
import { DomainError, forbidden, notFound, siteLinks, enforceRateLimits, retentionAfterExpiryDays } from '../shared/index.js';
import { staffMailboxOf } from '../tenant/index.js';
import { countEvent } from '../stats/index.js';
import { aliasTokenPattern } from './alias-token.js';
import { newAliasToken, residentKeyOf } from './aliases.js';
import { followUpDelayDays, followUpService } from './follow-ups.js';
import type { RelayDeps } from './ports.js';
import { relayCounters } from './relay-counters.js';
import { awayNoticeMail, contactCopyMail, contactMail, relayedMail, staffNoticeMail } from './relay-mails.js';
import { cutText, scrubRelayedText } from './relay-privacy.js';
import type { Conversation, DropReason, InboundMessage, InboundOutcome } from './relay-records.js';
import type { ContactInput, StaffMessageInput, StaffWarnInput } from './relay-schemas.js';
import { threaded } from './relay-threads.js';

type PostWithContent = PostRecord & { content: NonNullable<PostRecord['content']> };

/** Texts beyond this, once masked, are cut (with a note): mail is not a file transfer. */
export const maxRelayedTextChars = 20_000;

const dayMs = 86_400_000;

/** The contact relay of one tenant: first contact, replies through aliases, reports, and the follow-ups (follow-ups.ts). */
export function relayService(deps: RelayDeps) {
  const { tenant, store, relayStore, stats, mailer, clock, random, rateLimiter } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);
  const aliasDomain = `${tenant.id}.${deps.relayDomain}`.toLowerCase();
  const aliasAddress = (token: string) => `${token}@${aliasDomain}`;
  /** The site page that posts `{alias}` to `POST /posts/{id}/report-message`; the alias is the recipient's own. */
  const reportLink = (postId: string, token: string) =>
    `${links.home}signaler-message.html?post=${encodeURIComponent(postId)}&alias=${encodeURIComponent(token)}`;
  const count = (counts: Record<string, number>): Promise<void> => countEvent(stats, tenant, clock.now(), counts);
  const followUps = followUpService(deps);

  /** A conversation lives as long as its post is published: closed, expired, deleted or hidden kill it. */
  const isOpen = (post: PostRecord | undefined): post is PostWithContent =>
    post !== undefined && post.content !== null && effectiveStatus(post, clock.now()) === 'published';

  /** Whether a conversation relays: while its post is published, or, for staff's, while the post exists (hidden, closed…). */
  const relays = (conversation: Conversation, post: PostRecord | undefined): post is PostWithContent =>
    conversation.withStaff ? post !== undefined && post.content !== null : isOpen(post);

  /** Whether one more event fits under a limit: false past it, nothing thrown (a mail has no one to answer 429 to). */
  async function withinLimit(subject: string, max: number, windowSeconds: number): Promise<boolean> {
    try {
      await enforceRateLimits(rateLimiter, [{ subject, max, windowSeconds }], clock.now());
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.status === 429) return false;
      throw error;
    }
  }
  const capConversation = (conversation: Conversation): Promise<boolean> =>
    withinLimit(
      `relay:conversation:${conversation.postId}:${conversation.residentKey}`,
      tenant.rateLimits.messagesPerConversationPerDay,
      86_400,
    );
  const fails = (verdict: string | undefined): boolean => /^fail$/i.test(verdict ?? '');
  /** How staff sign what they write through the relay: the team, never a person's address. */
  const staffName = `Équipe ${tenant.name}`;

  /**
   * The conversation of a post and a "resident" (a resident, or the team's mailbox for staff), opened
   * unless one exists; refused once staff closed it. Kept as long after its post expires as the post.
   */
  async function openConversation(post: PostWithContent, resident: { name: string; email: string }, withStaff = false) {
    const opened = await relayStore.openConversation(
      {
        tenantId: tenant.id,
        postId: post.id,
        residentKey: residentKeyOf(withStaff ? `staff:${resident.email}` : resident.email),
        resident,
        authorAlias: newAliasToken(random),
        residentAlias: newAliasToken(random),
        createdAt: clock.now().toISOString(),
        ...(withStaff ? { withStaff: true as const } : {}),
      },
      new Date(Date.parse(post.expiresAt) + retentionAfterExpiryDays * dayMs),
    );
    if (opened.conversation.closedAt) throw forbidden('conversation_closed', `${tenant.name}'s staff closed this conversation`);
    return opened;
  }

  /** A conversation's first message (or a new one from the form): to the author, and its copy to the other party. */
  async function sendFirstMessage(
    post: PostWithContent,
    conversation: Conversation,
    message: { senderName: string; text: string; recognisedHealthWorker?: boolean },
  ) {
    await mailer.send(
      threaded(
        contactMail(tenant, post, message, aliasAddress(conversation.authorAlias), reportLink(post.id, conversation.authorAlias)),
        conversation,
        'author',
      ),
    );
    await mailer.send(
      threaded(
        contactCopyMail(
          tenant,
          post,
          { ...message, to: conversation.resident.email },
          aliasAddress(conversation.residentAlias),
          reportLink(post.id, conversation.residentAlias),
        ),
        conversation,
        'resident',
      ),
    );
  }

  return {
    aliasDomain,

    /** `POST /posts/{id}/contact`: mails the author through an alias, and the sender a copy. */
    async contact(postId: string, input: ContactInput, origin: { sourceIp: string }): Promise<{ status: 'sent' }> {
      // Refused for what it is, before any rate limit is counted.
      if (!tenant.features.contactRelay) throw forbidden('contact_disabled', `${tenant.name} does not relay messages between residents`);
      const post = await store.get(tenant.id, postId);
      if (!isOpen(post)) throw notFound('Post');
      if (input.website) {
        // A bot: it is told the message went, and nothing is sent.
        await count({ [relayCounters.honeypot]: 1 });
        return { status: 'sent' };
      }
      const email = input.email.trim().toLowerCase();
      const limits = tenant.rateLimits;
      await enforceRateLimits(
        rateLimiter,
        [
          { subject: `contact:ip:${origin.sourceIp}`, max: limits.contactsPerHourPerIp, windowSeconds: 3600 },
          { subject: `contact:email:${email}`, max: limits.contactsPerDayPerEmail, windowSeconds: 86_400 },
          { subject: `contact:post:${post.id}`, max: limits.contactsPerDayPerPost, windowSeconds: 86_400 },
        ],
        clock.now(),
      );
      if (email === post.content.author.email.trim().toLowerCase()) {
        throw new DomainError(422, 'own_post', 'This is your own post', [{ path: 'email', message: 'the author’s own address' }]);
      }
      const sender = (await deps.contactPolicy?.senderFor(post, email)) ?? { recognisedHealthWorker: false };
      const now = clock.now();
      const { conversation, created } = await openConversation(post, { name: input.name, email });
      if (!(await capConversation(conversation))) {
        throw new DomainError(429, 'conversation_cap', 'Too many messages in this conversation today; please try again tomorrow');
      }
      if (created) {
        await relayStore.scheduleFollowUp({
          tenantId: tenant.id,
          postId: post.id,
          dueAt: new Date(now.getTime() + followUpDelayDays * dayMs).toISOString(),
        });
        await count({ [relayCounters.connections]: 1, [relayCounters.contactMessages]: 1 });
      } else {
        await count({ [relayCounters.contactMessages]: 1 });
      }
      // The sender's own address, typed into the message, is not shown either: the author gets the alias.
      const text = scrubRelayedText(input.message, { keepDomainSuffix: `@${aliasDomain}`, hide: [email, post.content.author.email] });
      await sendFirstMessage(post, conversation, {
        senderName: input.name,
        text,
        ...(sender.recognisedHealthWorker ? { recognisedHealthWorker: true } : {}),
      });
      return { status: 'sent' };
    },

    /**
     * Staff write to a post's author from its record: the author gets the message from the relay,
     * its Reply-To an alias whose replies reach the team's mailbox (`staffMailboxOf`), which gets a
     * copy to write again by mail. The same conversation as a resident's, its "resident" the
     * mailbox: no address is shown either way. Answers the conversation's key within the post.
     */
    async writeFromStaff(postId: string, input: StaffMessageInput): Promise<{ status: 'sent'; residentKey: string }> {
      if (!tenant.features.contactRelay) throw forbidden('contact_disabled', `${tenant.name} does not relay messages`);
      const post = await store.get(tenant.id, postId);
      if (!post || post.content === null) throw notFound('Post');
      const status = effectiveStatus(post, clock.now());
      if (post.enteredByStaff || status === 'pending_verification' || status === 'rejected') {
        throw new DomainError(
          409,
          post.enteredByStaff ? 'entered_by_staff' : 'invalid_status',
          `No author to write to: the post is ${status}`,
        );
      }
      const mailbox = staffMailboxOf(tenant);
      const { conversation } = await openConversation(post as PostWithContent, { name: staffName, email: mailbox }, true);
      await count({ [relayCounters.staffMessages]: 1 });
      await sendFirstMessage(post as PostWithContent, conversation, { senderName: staffName, text: input.message });
      return { status: 'sent', residentKey: conversation.residentKey };
    },

    /**
     * Staff write to one party of a conversation (a reported one): to the author as `writeFromStaff`
     * does (their reply reaches the team's mailbox), to the resident from the team, its address
     * never shown to staff. A conversation that is not one of a resident, or unknown: 404.
     */
    async warnParty(postId: string, residentKey: string, input: StaffWarnInput): Promise<{ status: 'sent' }> {
      const conversation = await relayStore.getConversation(tenant.id, postId, residentKey);
      if (!conversation || conversation.withStaff) throw notFound('Conversation');
      if (input.party === 'author') {
        await this.writeFromStaff(postId, { message: input.message });
        return { status: 'sent' };
      }
      const post = await store.get(tenant.id, postId);
      await mailer.send(
        staffNoticeMail(tenant, {
          to: conversation.resident.email,
          name: conversation.resident.name,
          title: post?.content?.title ?? null,
          text: input.message,
        }),
      );
      await count({ [relayCounters.staffMessages]: 1 });
      return { status: 'sent' };
    },

    /**
     * Mail that arrived at this tenant's relay domain: each alias recipient bound to the sender
     * forwards to the other party, with the alias that stands for the sender as Reply-To.
     * Unknown and dead aliases, other senders and capped conversations are dropped and counted.
     * SES's verdicts decide first: a virus, or a sender that fails DMARC (or both SPF and DKIM),
     * is dropped (a spoofing attempt is flagged to staff); spam is relayed with a warning. An
     * automatic reply is not relayed: the other party gets one short "away" notice a day at most.
     */
    async receive(message: InboundMessage): Promise<InboundOutcome> {
      const outcome: InboundOutcome = { delivered: 0, dropped: [] };
      const tokens = [
        ...new Set(
          message.recipients
            .map((address) => address.trim().toLowerCase())
            .filter((address) => address.endsWith(`@${aliasDomain}`))
            .map((address) => address.slice(0, -(aliasDomain.length + 1))),
        ),
      ];
      const drop = (reason: DropReason) => outcome.dropped.push(reason);
      if (tokens.length === 0) drop('no_alias_recipient');
      if (fails(message.virusVerdict)) {
        drop('spam_or_virus');
        tokens.length = 0;
      }
      // The From address is not the sender's: whoever wrote it, the party's alias must not answer.
      const spoofed = fails(message.dmarcVerdict) || (fails(message.spfVerdict) && fails(message.dkimVerdict));
      const suspect = fails(message.spamVerdict);
      const sender = message.from.trim().toLowerCase();
      for (const token of tokens) {
        const alias = aliasTokenPattern.test(token) ? await relayStore.getAlias(tenant.id, token) : undefined;
        const conversation = alias && (await relayStore.getConversation(tenant.id, alias.postId, alias.residentKey));
        const post = conversation ? await store.get(tenant.id, conversation.postId) : undefined;
        // Unknown or dead: the same silent drop, nothing tells the sender which.
        if (!alias || !conversation || conversation.closedAt || !relays(conversation, post) || !tenant.features.contactRelay) {
          drop('no_such_alias');
          continue;
        }
        if (spoofed) {
          drop('spoofed');
          await relayStore.flagConversation(alias, clock.now(), 'spoofing');
          continue;
        }
        const authorEmail = post.content.author.email.trim().toLowerCase();
        const boundEmail = alias.party === 'author' ? authorEmail : conversation.resident.email;
        if (sender !== boundEmail) {
          drop('not_bound_party');
          continue;
        }
        const toAuthor = alias.party === 'resident';
        const recipientParty = toAuthor ? 'author' : 'resident';
        const recipient = {
          to: toAuthor ? authorEmail : conversation.resident.email,
          senderName: toAuthor ? conversation.resident.name : post.content.author.name,
          replyTo: aliasAddress(toAuthor ? conversation.authorAlias : conversation.residentAlias),
        };
        if (message.automatic) {
          drop('auto_reply');
          // One notice per conversation, direction and day: two auto-responders cannot keep each other busy.
          if (await withinLimit(`relay:away:${conversation.postId}:${conversation.residentKey}:${alias.party}`, 1, 86_400)) {
            await mailer.send(threaded(awayNoticeMail(tenant, post, recipient), conversation, recipientParty));
            await count({ [relayCounters.awayNotices]: 1 });
          }
          continue;
        }
        if (!(await capConversation(conversation))) {
          drop('conversation_cap');
          continue;
        }
        const rawText = message.text?.trim()
          ? message.text
          : message.html
            ? (await import('./html-to-text.js')).htmlToText(message.html)
            : '';
        // Masked whole, then cut at a line or word: the cut never splits an address.
        const { text, truncated } = cutText(
          scrubRelayedText(rawText, { keepDomainSuffix: `@${aliasDomain}`, hide: [authorEmail, conversation.resident.email] }),
          maxRelayedTextChars,
        );
        await mailer.send(
          threaded(
            relayedMail(tenant, post, {
              ...recipient,
              subject: message.subject,
              suspect,
              text,
              truncated,
              droppedAttachments: message.attachmentCount,
              links,
              reportUrl: reportLink(post.id, toAuthor ? conversation.authorAlias : conversation.residentAlias),
            }),
            conversation,
            recipientParty,
          ),
        );
        outcome.delivered++;
      }
      if (outcome.delivered > 0)
        await count({
          [relayCounters.relayedMessages]: outcome.delivered,
          ...(suspect ? { [relayCounters.suspect]: outcome.delivered } : {}),
        });
      if (outcome.dropped.length > 0) {
        const counts: Record<string, number> = { [relayCounters.relayDropped]: outcome.dropped.length };
        for (const reason of outcome.dropped)
          counts[relayCounters.relayDroppedBecause(reason)] = (counts[relayCounters.relayDroppedBecause(reason)] ?? 0) + 1;
        await count(counts);
      }
      return outcome;
    },

    /**
     * The "report this message" link of a relayed mail: flags the conversation to staff. The
     * alias token (the recipient's own Reply-To) proves the reporter is a party; it works after the
     * post closed too. An unknown alias, or one of another post, is a 404.
     */
    async reportConversation(postId: string, aliasToken: string, origin: { sourceIp: string }): Promise<{ status: 'reported' }> {
      const alias = await relayStore.getAlias(tenant.id, aliasToken);
      if (!alias || alias.postId !== postId) throw notFound('Conversation');
      await enforceRateLimits(
        rateLimiter,
        [{ subject: `relay-report:ip:${origin.sourceIp}`, max: tenant.rateLimits.reportsPerHourPerIp, windowSeconds: 3600 }],
        clock.now(),
      );
      if (await relayStore.flagConversation(alias, clock.now())) await count({ [relayCounters.conversationReports]: 1 });
      return { status: 'reported' };
    },
    ...followUps,
  };
}

export type RelayService = ReturnType<typeof relayService>;
