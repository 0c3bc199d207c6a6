import type { EntryServiceDeps } from '../posts/index.js';
import { DomainError, assertLinkToken, changeVersioned, enforceRateLimits, newLinkSecret, notFound, siteLinks } from '../shared/index.js';
import { counterNames, countEvent } from '../stats/index.js';
import { wishVerificationMail } from './orientation-mails.js';
import type { WishInput } from './orientation-schemas.js';
import type { WishStore } from './ports.js';
import type { WishRecord, WishStatus } from './wish-record.js';

export interface WishServiceDeps extends EntryServiceDeps {
  wishStore: WishStore;
}

const dayMs = 24 * 60 * 60 * 1000;

/** A resident's wish to help: stated, confirmed by the mailed link (as posts are), withdrawn by the same link. */
export function wishService(deps: WishServiceDeps) {
  const { tenant, wishStore: store, clock, random } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  const change = (wishId: string, token: string, apply: (wish: WishRecord) => WishRecord) =>
    changeVersioned(
      {
        read: () => store.getWish(tenant.id, wishId),
        write: (record, expected) => store.replaceWish(record, expected),
        clock,
        what: 'Wish',
      },
      (current) => {
        assertLinkToken(token, current.tokenHash, 'wish');
        return apply(current);
      },
    );

  return {
    async create(input: WishInput, origin: { sourceIp: string }): Promise<{ id: string; status: WishStatus }> {
      const now = clock.now();
      await enforceRateLimits(
        deps.rateLimiter,
        [
          { subject: `wish:ip:${origin.sourceIp}`, max: tenant.rateLimits.postsPerHourPerIp, windowSeconds: 3600 },
          { subject: `wish:email:${input.email.toLowerCase()}`, max: tenant.rateLimits.postsPerDayPerEmail, windowSeconds: 86_400 },
        ],
        now,
      );
      const { token, tokenHash } = newLinkSecret(random);
      const wish: WishRecord = {
        tenantId: tenant.id,
        id: random.id(),
        status: 'pending_verification',
        ...input,
        tokenHash,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + tenant.postLifetimeDays * dayMs).toISOString(),
        version: 1,
      };
      await store.insertWish(wish);
      await deps.mailer.send(wishVerificationMail(tenant, wish, token, links));
      return { id: wish.id, status: wish.status };
    },

    /** The mailed link: the wish reaches staff. Opened again, the same answer. */
    async verify(wishId: string, token: string): Promise<{ id: string; status: WishStatus }> {
      let confirmedNow = false;
      const wish = await change(wishId, token, (current) => {
        if (current.status === 'withdrawn') throw new DomainError(409, 'wish_withdrawn', 'This wish was withdrawn');
        confirmedNow = current.status === 'pending_verification';
        return confirmedNow ? { ...current, status: 'open' } : current;
      });
      if (confirmedNow) await countEvent(deps.stats, tenant, clock.now(), { [counterNames.wishes]: 1 });
      return { id: wish.id, status: wish.status };
    },

    /** The same link withdraws it: staff no longer see it. */
    async withdraw(wishId: string, token: string): Promise<{ status: 'withdrawn' }> {
      const existing = await store.getWish(tenant.id, wishId);
      if (!existing) throw notFound('Wish');
      await change(wishId, token, (current) => ({ ...current, status: 'withdrawn' }));
      return { status: 'withdrawn' };
    },
  };
}
