import * as z from 'zod';
import type { Mailer } from '../mail/index.js';
import type { MissionStore } from '../missions/index.js';
import {
  changeVersioned,
  foldText,
  invalidInput,
  notFound,
  pageQueryShape,
  siteLinks,
  staffView,
  type Clock,
  type Page,
  type RandomSource,
} from '../shared/index.js';
import { type StatsStore, counterNames, countEvent } from '../stats/index.js';
import type { TenantConfig } from '../tenant/index.js';
import { orientationMail } from './orientation-mails.js';
import type { OrientationInput } from './orientation-schemas.js';
import type { WishStore } from './ports.js';
import type { OrientationRecord, StaffWishView, StoredSuggestion } from './wish-record.js';

/** `GET /staff/wishes?status=&skill=&cause=&language=&limit=&cursor=`: open wishes by default, oldest first. */
export const staffWishesQuerySchema = z.strictObject({
  status: z.enum(['open', 'oriented']).optional(),
  skill: z.string().trim().min(1).max(60).optional(),
  cause: z.string().trim().min(1).max(60).optional(),
  language: z.string().trim().min(1).max(60).optional(),
  ...pageQueryShape(50),
});
export type StaffWishesQuery = z.infer<typeof staffWishesQuerySchema>;

export interface OrientationDeps {
  tenant: TenantConfig;
  wishStore: WishStore;
  missionStore: MissionStore;
  mailer: Mailer;
  clock: Clock;
  random: RandomSource;
  siteUrl: string;
  stats?: StatsStore;
}

/** How many store pages one staff request reads at most while filtering. */
const maxPagesRead = 10;

const mentions = (values: string[] | undefined, wanted: string | undefined) =>
  wanted === undefined || (values ?? []).some((value) => foldText(value).includes(foldText(wanted)));

/**
 * Staff orient residents who want to help: they read the wishes (filtered, a page at a time) and
 * answer one with up to five suggestions — a mission here, an association's need, a mission on
 * another platform — in one mail. Each mailed link goes through `follow`, which counts it once.
 */
export function orientationService(deps: OrientationDeps) {
  const { tenant, wishStore: store, clock } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  async function storedSuggestions(input: OrientationInput): Promise<StoredSuggestion[]> {
    return Promise.all(
      input.suggestions.map(async (suggestion, index): Promise<StoredSuggestion> => {
        switch (suggestion.kind) {
          case 'mission': {
            const mission = await deps.missionStore.getMission(tenant.id, suggestion.missionId);
            if (!mission || mission.status !== 'published') {
              throw invalidInput([{ path: `suggestions.${index}.missionId`, message: 'no published mission of this tenant' }]);
            }
            return {
              kind: 'mission',
              missionId: mission.id,
              title: `${mission.title} (${mission.organisation.name})`,
              ...(suggestion.note ? { detail: suggestion.note } : {}),
              url: links.mission(mission.id),
            };
          }
          case 'association':
            return {
              kind: 'association',
              title: suggestion.name,
              detail: [suggestion.need, suggestion.contact].filter(Boolean).join(' — '),
              ...(suggestion.website ? { url: suggestion.website } : {}),
            };
          case 'external':
            return {
              kind: 'external',
              title: suggestion.title,
              ...(suggestion.note ? { detail: suggestion.note } : {}),
              url: suggestion.url,
            };
        }
      }),
    );
  }

  return {
    async listWishes(query: StaffWishesQuery): Promise<Page<StaffWishView>> {
      const limit = query.limit ?? 20;
      const now = clock.now().toISOString();
      const items: StaffWishView[] = [];
      let cursor = query.cursor;
      for (let read = 0; read < maxPagesRead; read++) {
        const page = await store.listWishes(tenant.id, query.status ?? 'open', { limit, ...(cursor ? { cursor } : {}) });
        for (const wish of page.items) {
          if (wish.expiresAt <= now) continue;
          if (!mentions(wish.skills, query.skill) || !mentions(wish.causes, query.cause) || !mentions(wish.languages, query.language))
            continue;
          items.push(staffView(wish));
        }
        cursor = page.nextCursor ?? undefined;
        if (!cursor || items.length >= limit) break;
      }
      return { items, nextCursor: cursor ?? null };
    },

    /** One mail with every suggestion; the wish is marked oriented. */
    async orient(staffEmail: string, wishId: string, input: OrientationInput): Promise<{ id: string; suggestions: number }> {
      const wish = await store.getWish(tenant.id, wishId);
      if (!wish || wish.status === 'pending_verification' || wish.status === 'withdrawn' || wish.expiresAt <= clock.now().toISOString()) {
        throw notFound('Wish');
      }
      const now = clock.now();
      const orientation: OrientationRecord = {
        tenantId: tenant.id,
        id: deps.random.id(),
        wishId,
        suggestions: await storedSuggestions(input),
        followed: [],
        by: staffEmail,
        createdAt: now.toISOString(),
      };
      await store.insertOrientation(orientation);
      await deps.mailer.send(orientationMail(tenant, wish, orientation, input.message, links));
      await changeVersioned(
        {
          read: () => store.getWish(tenant.id, wishId),
          write: (record, expected) => store.replaceWish(record, expected),
          clock,
          what: 'Wish',
        },
        (current, at) => ({ ...current, status: current.status === 'open' ? 'oriented' : current.status, orientedAt: at.toISOString() }),
      );
      await countEvent(deps.stats, tenant, now, {
        [counterNames.orientationsSent]: 1,
        [counterNames.orientationSuggestions]: orientation.suggestions.length,
      });
      return { id: orientation.id, suggestions: orientation.suggestions.length };
    },

    /** A mailed link followed: where it leads; counted the first time only. */
    async follow(orientationId: string, index: number): Promise<string> {
      const orientation = await store.getOrientation(tenant.id, orientationId);
      const url = orientation?.suggestions[index]?.url;
      if (!orientation || !url) throw notFound('Suggestion');
      if (await store.markFollowed(tenant.id, orientationId, index)) {
        await countEvent(deps.stats, tenant, clock.now(), { [counterNames.orientationsFollowed]: 1 });
      }
      return url;
    },
  };
}
