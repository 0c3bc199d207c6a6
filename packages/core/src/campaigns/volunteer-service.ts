import type { EntryServiceDeps } from '../posts/index.js';
import {
  ConcurrentUpdateError,
  DomainError,
  enforceRateLimits,
  notFound,
  siteLinks,
  assertLinkToken,
  newLinkSecret,
} from '../shared/index.js';
import { counterNames, countEvent } from '../stats/index.js';
import { assertSectionOpen } from '../tenant/index.js';
import type { VolunteerRecord } from './campaign-record.js';
import type { VolunteerSignUpInput } from './campaign-schemas.js';
import { campaignOf, campaignService, type VolunteerKits } from './campaign-service.js';
import { reminderMail, volunteerMail } from './volunteer-mails.js';
import type { CampaignStore } from './ports.js';

/** `stats`: the `volunteers` counter, counted when an address is confirmed. */
export interface VolunteerServiceDeps extends EntryServiceDeps {
  store: CampaignStore;
}

/** What a volunteer sees from their link: their sign-up and their kits. Never anyone else's. */
export interface OwnVolunteer {
  id: string;
  campaignId: string;
  name: string;
  pickupPoint: string;
  status: VolunteerRecord['status'];
  kits: VolunteerKits['figures'];
}

/**
 * Volunteers of a tenant's campaigns: sign-up confirmed by a mailed link (the same secret-and-hash
 * link as a post's: `shared`'s `newLinkSecret`/`assertLinkToken`, `siteLinks`), their own view, and
 * staff's reminders sent through the platform, one mail per volunteer.
 */
export function volunteerService(deps: VolunteerServiceDeps) {
  const { tenant, store, mailer, clock, random, rateLimiter } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);
  const kits = campaignService(deps);

  async function ownedVolunteer(campaignId: string, volunteerId: string, token: string): Promise<VolunteerRecord> {
    campaignOf(tenant, campaignId);
    const volunteer = await store.getVolunteer(tenant.id, campaignId, volunteerId);
    if (!volunteer) throw notFound('Volunteer');
    assertLinkToken(token, volunteer.tokenHash, 'volunteer');
    return volunteer;
  }

  return {
    /** Stores the volunteer unconfirmed and mails them the link that confirms them. */
    async signUp(
      campaignId: string,
      input: VolunteerSignUpInput,
      origin: { sourceIp: string },
    ): Promise<{ id: string; status: VolunteerRecord['status'] }> {
      const campaign = campaignOf(tenant, campaignId);
      if (!campaign.settings.pickupPoints.some((point) => point.id === input.pickupPoint)) {
        throw new DomainError(400, 'invalid_input', 'Invalid input: pickupPoint', [
          { path: 'pickupPoint', message: `one of: ${campaign.settings.pickupPoints.map((point) => point.id).join(', ')}` },
        ]);
      }
      assertSectionOpen(tenant, campaignId, clock.now(), { type: 'campaign', path: 'campaign' });
      await enforceRateLimits(
        rateLimiter,
        [
          { subject: `volunteer:ip:${origin.sourceIp}`, max: tenant.rateLimits.postsPerHourPerIp, windowSeconds: 3600 },
          { subject: `volunteer:email:${input.email.toLowerCase()}`, max: tenant.rateLimits.postsPerDayPerEmail, windowSeconds: 86_400 },
        ],
        clock.now(),
      );
      const { token, tokenHash } = newLinkSecret(random);
      const volunteer: VolunteerRecord = {
        tenantId: tenant.id,
        campaignId,
        id: random.id(),
        status: 'pending_verification',
        name: input.name,
        email: input.email,
        ...(input.phone ? { phone: input.phone } : {}),
        pickupPoint: input.pickupPoint,
        tokenHash,
        createdAt: clock.now().toISOString(),
      };
      await store.insertVolunteer(volunteer);
      await mailer.send(volunteerMail(tenant, campaign, volunteer, token, links));
      return { id: volunteer.id, status: volunteer.status };
    },

    /** The link of the mail: confirms the address (opening it again changes nothing). */
    async verify(campaignId: string, volunteerId: string, token: string): Promise<OwnVolunteer> {
      const volunteer = await ownedVolunteer(campaignId, volunteerId, token);
      if (volunteer.status === 'pending_verification') {
        try {
          await store.replaceVolunteer({ ...volunteer, status: 'active', verifiedAt: clock.now().toISOString() }, 'pending_verification');
          await countEvent(deps.stats, tenant, clock.now(), { [counterNames.volunteers]: 1 });
        } catch (error) {
          // Opened twice at once: the other request confirmed it.
          if (!(error instanceof ConcurrentUpdateError)) throw error;
        }
      }
      return this.own(campaignId, volunteerId, token);
    },

    async own(campaignId: string, volunteerId: string, token: string): Promise<OwnVolunteer> {
      const volunteer = await ownedVolunteer(campaignId, volunteerId, token);
      return {
        id: volunteer.id,
        campaignId,
        name: volunteer.name,
        pickupPoint: volunteer.pickupPoint,
        status: volunteer.status,
        kits: (await kits.volunteerKits(campaignId, volunteerId)).figures,
      };
    },

    /** Staff, in one click: a reminder to each volunteer the roster flags, one mail each; returns how many were sent. */
    async sendReminders(campaignId: string): Promise<{ sent: number }> {
      const campaign = campaignOf(tenant, campaignId);
      const due = (await kits.roster(campaignId)).filter((entry) => entry.reminderDue);
      let sent = 0;
      for (const entry of due) {
        const volunteer = await store.getVolunteer(tenant.id, campaignId, entry.id);
        if (!volunteer || volunteer.status !== 'active') continue;
        // Marked first: a failure after it loses one reminder, never sends two.
        try {
          await store.replaceVolunteer({ ...volunteer, remindedAt: clock.now().toISOString() }, 'active');
        } catch (error) {
          if (error instanceof ConcurrentUpdateError) continue;
          throw error;
        }
        await mailer.send(reminderMail(tenant, campaign, volunteer, entry.figures, links.home));
        sent += 1;
      }
      return { sent };
    },
  };
}

export type VolunteerService = ReturnType<typeof volunteerService>;
