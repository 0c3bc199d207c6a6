import { DomainError, invalidInput, notFound, type Clock, type RandomSource, assertLinkToken } from '../shared/index.js';
import { tenantDay } from '../stats/index.js';
import { assertSectionOpen, findSection, type CampaignSettings, type TenantConfig } from '../tenant/index.js';
import {
  campaignFigures,
  eventCounts,
  inStockCounter,
  volunteerFigures,
  type CampaignFigures,
  type KitFigures,
} from './campaign-figures.js';
import type { CampaignEvent, VolunteerRecord } from './campaign-record.js';
import type { DeclarationInput, HandOutInput, ReturnInput, StockDeliveryInput } from './campaign-schemas.js';
import type { CampaignStore } from './ports.js';

export interface CampaignServiceDeps {
  tenant: TenantConfig;
  store: CampaignStore;
  clock: Clock;
  random: RandomSource;
}

/** A tenant's campaign: a section of type `campaign`, with its settings. Anything else is a 404. */
export function campaignOf(
  tenant: TenantConfig,
  campaignId: string,
): { id: string; title: { fr: string; en: string }; settings: CampaignSettings } {
  const section = findSection(tenant, campaignId);
  if (section?.type !== 'campaign' || !section.campaign) throw notFound('Campaign');
  return { id: section.id, title: section.title, settings: section.campaign };
}

/**
 * A campaign's figures as its counter item has them, with its confirmed volunteers, without a
 * write: exact even with events pending (they are counted in the same write that notes them), so
 * readers that must not write (the operator's report) take them as they are.
 */
export async function readCampaignFigures(tenant: TenantConfig, store: CampaignStore, campaignId: string): Promise<CampaignFigures> {
  const { settings } = campaignOf(tenant, campaignId);
  const [{ counters }, volunteers] = await Promise.all([
    store.readCounters(tenant.id, campaignId),
    store.listVolunteers(tenant.id, campaignId),
  ]);
  return campaignFigures(counters, settings.kit.itemsPerKit, volunteers.filter((volunteer) => volunteer.status === 'active').length);
}

/** What staff and the volunteer see of a volunteer's kits: their figures and their events. */
export interface VolunteerKits {
  volunteerId: string;
  figures: KitFigures;
  events: CampaignEvent[];
}

/**
 * The kits of a tenant's campaigns: the stock, hand-outs and returns at the counter, volunteers'
 * declarations, and the figures. Each event is recorded in three idempotent single-item writes
 * (docs/decisions/0014-campaign-kits-without-transactions.md): counted on the campaign's counter
 * item under the stock's condition and noted there as pending, written into its volunteer's
 * history, then settled. A failure between them leaves the event counted and pending; `repair`,
 * run by every read of the figures, writes what is missing.
 */
export function campaignService(deps: CampaignServiceDeps) {
  const { tenant, store, clock, random } = deps;

  function newEvent(campaignId: string, fields: Pick<CampaignEvent, 'kind' | 'kits' | 'items'> & Partial<CampaignEvent>): CampaignEvent {
    const now = clock.now();
    return { tenantId: tenant.id, campaignId, id: random.id(), at: now.toISOString(), day: tenantDay(tenant, now), ...fields };
  }

  function assertPickupPoint(settings: CampaignSettings, pickupPoint: string): void {
    if (!settings.pickupPoints.some((point) => point.id === pickupPoint)) {
      throw invalidInput([{ path: 'pickupPoint', message: `one of: ${settings.pickupPoints.map((point) => point.id).join(', ')}` }]);
    }
  }

  async function activeVolunteer(campaignId: string, volunteerId: string): Promise<VolunteerRecord> {
    const volunteer = await store.getVolunteer(tenant.id, campaignId, volunteerId);
    if (!volunteer) throw notFound('Volunteer');
    if (volunteer.status !== 'active')
      throw new DomainError(409, 'volunteer_not_verified', 'This volunteer has not confirmed their address yet');
    return volunteer;
  }

  /** Counts the event (under the guard), writes it into its history, settles it. False when the guard refused it. */
  async function record(event: CampaignEvent, guard: { inStockAtLeast?: number } = {}): Promise<boolean> {
    if (!(await store.countEvent(event, eventCounts(event), guard))) return false;
    await store.putEvent(event);
    await store.settle(event);
    return true;
  }

  /** Writes into their history the events counted but still pending (a failure between two writes), then settles them. */
  async function repair(campaignId: string): Promise<{ counters: Record<string, number>; repaired: number }> {
    const { counters, pending } = await store.readCounters(tenant.id, campaignId);
    for (const event of pending) {
      await store.putEvent(event);
      await store.settle(event);
    }
    return { counters, repaired: pending.length };
  }

  /** A volunteer's events, those still pending on the counter item included (repaired first). */
  async function eventsOf(campaignId: string, volunteerId: string): Promise<CampaignEvent[]> {
    await repair(campaignId);
    return store.volunteerEvents(tenant.id, campaignId, volunteerId);
  }

  async function kitsOf(campaignId: string, volunteerId: string, itemsPerKit: number): Promise<VolunteerKits> {
    const events = await eventsOf(campaignId, volunteerId);
    return { volunteerId, figures: volunteerFigures(events, itemsPerKit), events };
  }

  return {
    /** Staff: kits delivered into the stock. */
    async receiveStock(campaignId: string, input: StockDeliveryInput): Promise<{ kitsInStock: number }> {
      campaignOf(tenant, campaignId);
      await record(newEvent(campaignId, { kind: 'stock_received', kits: input.kits, items: 0 }));
      return { kitsInStock: (await store.readCounters(tenant.id, campaignId)).counters[inStockCounter] ?? 0 };
    },

    /** Staff at the counter: never below zero, whatever the number of counters recording at once (409 out_of_stock). */
    async handOut(campaignId: string, volunteerId: string, input: HandOutInput): Promise<VolunteerKits> {
      const { settings } = campaignOf(tenant, campaignId);
      assertPickupPoint(settings, input.pickupPoint);
      // Kits go out only while the section is open (400 section_not_open naming `campaign`).
      assertSectionOpen(tenant, campaignId, clock.now(), { type: 'campaign', path: 'campaign' });
      await activeVolunteer(campaignId, volunteerId);
      const event = newEvent(campaignId, { kind: 'handed_out', kits: input.kits, items: 0, volunteerId, pickupPoint: input.pickupPoint });
      if (!(await record(event, { inStockAtLeast: input.kits }))) {
        const inStock = (await store.readCounters(tenant.id, campaignId)).counters[inStockCounter] ?? 0;
        throw new DomainError(409, 'out_of_stock', `Only ${inStock} kit(s) in stock`, [
          { path: 'kits', message: `${inStock} kit(s) in stock` },
        ]);
      }
      return kitsOf(campaignId, volunteerId, settings.kit.itemsPerKit);
    },

    /** Staff at the counter: items made (any number, even above the kits' count) and kits not used (at most those the volunteer holds). */
    async recordReturn(campaignId: string, volunteerId: string, input: ReturnInput): Promise<VolunteerKits> {
      const { settings } = campaignOf(tenant, campaignId);
      assertPickupPoint(settings, input.pickupPoint);
      await activeVolunteer(campaignId, volunteerId);
      if (input.unusedKits > 0) {
        const held = volunteerFigures(await eventsOf(campaignId, volunteerId), settings.kit.itemsPerKit).kitsOut;
        if (input.unusedKits > held) {
          throw invalidInput(
            [{ path: 'unusedKits', message: `this volunteer holds ${held} kit(s)` }],
            'More kits than the volunteer holds',
          );
        }
      }
      await record(
        newEvent(campaignId, { kind: 'returned', kits: input.unusedKits, items: input.items, volunteerId, pickupPoint: input.pickupPoint }),
      );
      return kitsOf(campaignId, volunteerId, settings.kit.itemsPerKit);
    },

    /** A volunteer, from the link of their mail: "I have made N" (staff confirm it when the items are returned). */
    async declare(campaignId: string, volunteerId: string, token: string, input: DeclarationInput): Promise<VolunteerKits> {
      const { settings } = campaignOf(tenant, campaignId);
      const volunteer = await store.getVolunteer(tenant.id, campaignId, volunteerId);
      if (!volunteer) throw notFound('Volunteer');
      assertLinkToken(token, volunteer.tokenHash, 'volunteer');
      if (volunteer.status !== 'active') throw new DomainError(409, 'volunteer_not_verified', 'Confirm your address first');
      await record(
        newEvent(campaignId, { kind: 'declared', kits: 0, items: input.items, volunteerId, pickupPoint: volunteer.pickupPoint }),
      );
      return kitsOf(campaignId, volunteerId, settings.kit.itemsPerKit);
    },

    /** Staff: one volunteer's kits and events (404 for a volunteer of another campaign or tenant). */
    async volunteerKits(campaignId: string, volunteerId: string): Promise<VolunteerKits> {
      const { settings } = campaignOf(tenant, campaignId);
      if (!(await store.getVolunteer(tenant.id, campaignId, volunteerId))) throw notFound('Volunteer');
      return kitsOf(campaignId, volunteerId, settings.kit.itemsPerKit);
    },

    /** The campaign's figures: totals, per day, per pick-up point; pending events repaired first. */
    async figures(campaignId: string): Promise<CampaignFigures> {
      campaignOf(tenant, campaignId);
      await repair(campaignId);
      return readCampaignFigures(tenant, store, campaignId);
    },

    /**
     * Staff: every volunteer with their figures (from one read of the campaign's events), those to
     * remind flagged: kits out, nothing returned, the last hand-out more than `reminderAfterDays` ago
     * and no reminder since. Names and phones for the counter; never an address.
     */
    async roster(campaignId: string): Promise<RosterEntry[]> {
      const { settings } = campaignOf(tenant, campaignId);
      await repair(campaignId);
      const [volunteers, events] = await Promise.all([
        store.listVolunteers(tenant.id, campaignId),
        store.campaignEvents(tenant.id, campaignId),
      ]);
      const dueBefore = clock.now().getTime() - settings.reminderAfterDays * dayMs;
      return volunteers.map((volunteer) => {
        const own = events.filter((event) => event.volunteerId === volunteer.id);
        const figures = volunteerFigures(own, settings.kit.itemsPerKit);
        const lastHandOut = own.filter((event) => event.kind === 'handed_out').at(-1)?.at;
        return {
          id: volunteer.id,
          name: volunteer.name,
          ...(volunteer.phone ? { phone: volunteer.phone } : {}),
          pickupPoint: volunteer.pickupPoint,
          status: volunteer.status,
          figures,
          ...(lastHandOut ? { lastHandOutAt: lastHandOut } : {}),
          reminderDue:
            figures.kitsOut > 0 &&
            figures.itemsReturned === 0 &&
            lastHandOut !== undefined &&
            Date.parse(lastHandOut) < dueBefore &&
            (!volunteer.remindedAt || volunteer.remindedAt < lastHandOut),
        };
      });
    },

    /** The repair path on its own (the scheduled job, tests): how many pending events it wrote. */
    async repair(campaignId: string): Promise<number> {
      campaignOf(tenant, campaignId);
      return (await repair(campaignId)).repaired;
    },
  };
}

export type CampaignService = ReturnType<typeof campaignService>;

const dayMs = 24 * 60 * 60 * 1000;

/** A line of the staff's list of volunteers. */
export interface RosterEntry {
  id: string;
  name: string;
  phone?: string;
  pickupPoint: string;
  status: VolunteerRecord['status'];
  figures: KitFigures;
  lastHandOutAt?: string;
  reminderDue: boolean;
}
