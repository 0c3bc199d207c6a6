import * as z from 'zod';
import { categoryIdPattern, categoryIds, type LocalisedText } from './categories.js';
import { alertLifetimeMonthsDefault, alertRenewalNoticeDaysDefault } from '../shared/schemas.js';
import { TenantConfigError } from './tenant-config-error.js';
import { sectionAudiences, sectionTypes, tenantKinds, translatedLanguages, untranslatedLanguages } from './tenant-values.js';

const localisedText = z.strictObject({ fr: z.string().min(1), en: z.string().min(1) });
const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'lowercase letters, digits and single dashes' })
  .max(40);

/**
 * A campaign with kits (a section of type `campaign`): what volunteers make, the kit they take (a
 * label and how many items one kit makes), where kits are handed out and returned, and after how
 * many days without a return a volunteer with kits is listed for a reminder. Its stock of kits is
 * not here: staff record deliveries of kits, and the stock lives in the tenant's table.
 */
export const campaignSettingsSchema = z.strictObject({
  makes: localisedText,
  kit: z.strictObject({ label: localisedText, itemsPerKit: z.number().int().min(1).max(1000) }),
  pickupPoints: z
    .array(
      z.strictObject({
        id: slug,
        name: z.string().min(1).max(120),
        address: z.string().min(1).max(200),
        /** Opening hours, as staff write them (« mardi et jeudi, 14 h – 18 h »). */
        hours: localisedText,
      }),
    )
    .min(1)
    .refine((points) => new Set(points.map((point) => point.id)).size === points.length, { error: 'pick-up point ids must differ' }),
  reminderAfterDays: z.number().int().min(1).max(90).default(10),
});
export type CampaignSettings = z.infer<typeof campaignSettingsSchema>;

const point = z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

/**
 * The tenant's hospitals (the sections for health workers measure housing offers against them):
 * public places, named on the site.
 */
export const hospitalSchema = z.strictObject({ id: slug, name: z.string().min(1).max(120), point });
export type Hospital = z.infer<typeof hospitalSchema>;

/** A domain of health workers' addresses (`ghrmsa.example`): lowercase, at least one dot, no `@`. */
const emailDomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, { error: 'a mail domain in lowercase, e.g. ghrmsa.example' });

/**
 * How a resident is recognised as a health worker: an address verified at one of `emailDomains`
 * (the hospitals' own), and/or staff's approval of a request (name, profession, employer).
 */
export const healthWorkersSettingsSchema = z.strictObject({
  recognition: z
    .strictObject({
      emailDomains: z.array(emailDomain).default([]),
      staffApproval: z.boolean().default(false),
    })
    .refine((recognition) => recognition.emailDomains.length > 0 || recognition.staffApproval, {
      error: 'give emailDomains, or staffApproval: true, or both: else no one can be recognised',
    }),
});
export type HealthWorkersSettings = z.infer<typeof healthWorkersSettingsSchema>;

const tenantConfigShape = z.strictObject({
  id: slug,
  kind: z.enum(tenantKinds),
  name: z.string().min(1).max(120),
  country: z.enum(['FR', 'BE', 'LU', 'CH']),
  area: z.strictObject({
    center: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
    radiusKm: z.number().positive().max(300),
  }),
  languages: z
    .array(z.enum([...translatedLanguages, ...untranslatedLanguages]))
    .min(1)
    .superRefine((languages, context) => {
      for (const [index, language] of languages.entries()) {
        if ((translatedLanguages as readonly string[]).includes(language)) continue;
        context.addIssue({
          code: 'custom',
          path: [index],
          message: `${language}: the site and mails are not translated into it yet (they speak ${translatedLanguages.join(', ')}); declare it once they are`,
        });
      }
    }),
  staffEmails: z.array(z.email()).min(1),
  /** Staff who may also export personal data (CSV with names and emails). They may log in too. */
  adminEmails: z.array(z.email()).default([]),
  /**
   * The team's shared mailbox: where residents' mail to the team arrives through the relay (replies
   * to staff's messages, contacts about a post taken by phone). Default: the first staff address.
   */
  staffInbox: z.email().optional(),
  /** Reports ("signaler") after which a published post is hidden until staff decide. */
  reportsToHide: z.number().int().min(1).max(100).default(3),
  /** The staff's daily digest: when (in `timeZone`), and whether to mail when there is nothing to say. */
  digest: z
    .strictObject({
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'HH:MM, 24-hour clock' })
        .default('08:00'),
      days: z
        .array(z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']))
        .min(1)
        .default(['MON', 'TUE', 'WED', 'THU', 'FRI']),
      timeZone: z
        .string()
        .min(1)
        .refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC', {
          error: 'an IANA time zone, e.g. Europe/Paris',
        })
        .default('Europe/Paris'),
      sendWhenEmpty: z.boolean().default(false),
    })
    .default({ time: '08:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], timeZone: 'Europe/Paris', sendWhenEmpty: false }),
  /** What this tenant's offers and requests serve, for the operator's report (share of each use). */
  primaryUse: z.enum(['residents', 'producers', 'health_workers', 'harvest', 'masks', 'associations']).default('residents'),
  sections: z
    .array(
      z
        .strictObject({
          id: slug,
          type: z.enum(sectionTypes).default('posts'),
          title: localisedText,
          description: localisedText.optional(),
          /** The first and last day (in the tenant's time zone, `digest.timeZone`) the section takes new entries. */
          startsOn: z.iso.date().optional(),
          endsOn: z.iso.date().optional(),
          /** A section of type `campaign`: what it makes, its kit and its pick-up points (the campaigns context). */
          campaign: campaignSettingsSchema.optional(),
          /** `health_workers`: a section of posts whose offers only recognised health workers may answer (the tenant's `healthWorkers`). */
          audience: z.enum(sectionAudiences).optional(),
        })
        .refine((section) => !section.startsOn || !section.endsOn || section.startsOn <= section.endsOn, {
          error: 'startsOn must not be after endsOn',
          path: ['endsOn'],
        }),
    )
    .default([])
    .superRefine((sections, context) => {
      sections.forEach((section, index) => {
        if (section.type === 'campaign' && !section.campaign) {
          context.addIssue({
            code: 'custom',
            path: [index, 'campaign'],
            message: 'a section of type campaign needs its campaign settings',
          });
        }
        if (section.type !== 'campaign' && section.campaign) {
          context.addIssue({ code: 'custom', path: [index, 'campaign'], message: 'only a section of type campaign has campaign settings' });
        }
        if (section.audience && section.type !== 'posts') {
          context.addIssue({ code: 'custom', path: [index, 'audience'], message: 'only a section of posts has an audience' });
        }
      });
    }),
  /** The tenant's hospitals: housing offered to health workers is measured against each (ids distinct). */
  hospitals: z
    .array(hospitalSchema)
    .default([])
    .refine((hospitals) => new Set(hospitals.map((hospital) => hospital.id)).size === hospitals.length, {
      error: 'hospital ids must differ',
    }),
  /** How health workers are recognised: needed by a section with `audience: health_workers`. */
  healthWorkers: healthWorkersSettingsSchema.optional(),
  /** Categories of the tenant's own (e.g. "producteurs", "hebergement"), beside the built-in ones; offered when listed in `categories`. */
  customCategories: z
    .array(
      z.strictObject({
        id: z
          .string()
          .regex(categoryIdPattern, { error: 'lowercase letters, digits, single dashes or underscores' })
          .max(40)
          .refine((id) => !(categoryIds as string[]).includes(id), { error: 'a built-in category already has this id' }),
        label: localisedText,
      }),
    )
    .default([]),
  /** The categories offered, in this order: built-in ids and ids of `customCategories`. */
  categories: z.array(z.string()).min(1),
  /**
   * The local government's own public contact, shown where the relay is off, on the flyer, in the
   * footer and on the privacy page: public on purpose (a switchboard, not a person).
   */
  contact: z
    .strictObject({
      phone: z
        .string()
        .regex(/^\+?[0-9][0-9 .()-]{5,22}[0-9]$/, { error: 'a phone number: digits, spaces, dots, dashes, an optional leading +' })
        .optional(),
      email: z.email().optional(),
      address: z.string().min(1).max(200).optional(),
      hours: localisedText.optional(),
    })
    .refine((contact) => Object.keys(contact).length > 0, { error: 'give at least a phone, an email or an address' })
    .optional(),
  features: z.strictObject({
    contactRelay: z.boolean(),
    moderation: z.enum(['before', 'after']),
  }),
  postLifetimeDays: z.number().int().min(1).max(365),
  /**
   * "Still needed?": the author is mailed once, `daysBefore` days before their post expires, with a
   * link that extends it by `postLifetimeDays` (at most `maxExtensions` times over its life) or closes it.
   */
  expiryReminder: z
    .strictObject({
      daysBefore: z.number().int().min(1).max(30).default(3),
      maxExtensions: z.number().int().min(0).max(10).default(2),
    })
    .default({ daysBefore: 3, maxExtensions: 2 }),
  /**
   * Alerts end `months` after their confirmation or last renewal; a "still want it?" mail with a
   * one-click renewal goes `noticeDaysBefore` days before, and an alert not renewed is erased.
   */
  alertExpiry: z
    .strictObject({
      months: z.number().int().min(1).max(24).default(alertLifetimeMonthsDefault),
      noticeDaysBefore: z.number().int().min(1).max(60).default(alertRenewalNoticeDaysDefault),
    })
    .default({ months: alertLifetimeMonthsDefault, noticeDaysBefore: alertRenewalNoticeDaysDefault }),
  /** Days after closing their post during which its author may reopen it. */
  reopenWithinDays: z.number().int().min(0).max(60).default(7),
  /** How far apart an offer and a request may be to be shown as a match (`GET /posts/{id}/matches`). */
  matchingDistanceKm: z.number().positive().max(300).default(5),
  /** Abuse limits; each has a default, a tenant may tighten or loosen them. */
  rateLimits: z
    .strictObject({
      postsPerHourPerIp: z.number().int().min(1).default(10),
      postsPerDayPerEmail: z.number().int().min(1).default(5),
      // Contact relay: first messages (POST /posts/{id}/contact) and every message of a conversation.
      contactsPerHourPerIp: z.number().int().min(1).default(20),
      contactsPerDayPerEmail: z.number().int().min(1).default(10),
      contactsPerDayPerPost: z.number().int().min(1).default(30),
      messagesPerConversationPerDay: z.number().int().min(1).default(30),
      staffLoginsPerHourPerIp: z.number().int().min(1).default(10),
      staffLoginsPerHourPerEmail: z.number().int().min(1).default(5),
      reportsPerHourPerIp: z.number().int().min(1).default(10),
      // Alerts (POST /alerts): each mails a confirmation link to the address given.
      alertsPerHourPerIp: z.number().int().min(1).default(10),
      alertsPerDayPerEmail: z.number().int().min(1).default(3),
    })
    .default({
      postsPerHourPerIp: 10,
      postsPerDayPerEmail: 5,
      contactsPerHourPerIp: 20,
      contactsPerDayPerEmail: 10,
      contactsPerDayPerPost: 30,
      messagesPerConversationPerDay: 30,
      staffLoginsPerHourPerIp: 10,
      staffLoginsPerHourPerEmail: 5,
      reportsPerHourPerIp: 10,
      alertsPerHourPerIp: 10,
      alertsPerDayPerEmail: 3,
    }),
});

/** Every offered category is a built-in one or one of the tenant's own (an error names `categories.N`). */
export const tenantConfigSchema = tenantConfigShape.superRefine((tenant, context) => {
  for (const section of tenant.sections) {
    if (section.audience !== 'health_workers') continue;
    if (!tenant.healthWorkers) {
      context.addIssue({
        code: 'custom',
        path: ['healthWorkers'],
        message: `section ${section.id} is for health workers: say how they are recognised`,
      });
    }
    if (tenant.hospitals.length === 0) {
      context.addIssue({ code: 'custom', path: ['hospitals'], message: `section ${section.id} is for health workers: list the hospitals` });
    }
  }
  const known = new Set<string>([...categoryIds, ...tenant.customCategories.map((category) => category.id)]);
  tenant.categories.forEach((id, index) => {
    if (!known.has(id)) {
      context.addIssue({
        code: 'custom',
        path: ['categories', index],
        message: `"${id}" is neither a built-in category (${categoryIds.join(', ')}) nor one of customCategories`,
      });
    }
  });
});

export type TenantConfig = z.infer<typeof tenantConfigSchema>;
export type TenantSection = TenantConfig['sections'][number];
/** Whether a section takes new entries on a given day: not yet, yes, no longer. */
export type SectionState = 'upcoming' | 'open' | 'ended';
/** A section as anyone may read it: with whether it takes entries today. */
export type PublicSection = TenantSection & { state: SectionState };

export { TenantConfigError } from './tenant-config-error.js';

/** Validates a tenant config; a failure names the source (file) and every bad field. */
export function parseTenantConfig(value: unknown, source: string): TenantConfig {
  const parsed = tenantConfigSchema.safeParse(value);
  if (!parsed.success) {
    throw new TenantConfigError(
      source,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** What anyone may read about a tenant (`GET /config`): never the staff addresses. */
export interface PublicTenantConfig {
  id: string;
  kind: TenantConfig['kind'];
  name: string;
  country: string;
  area: TenantConfig['area'];
  languages: TenantConfig['languages'];
  sections: PublicSection[];
  categories: { id: string; label: LocalisedText }[];
  features: TenantConfig['features'];
  postLifetimeDays: number;
  /** How long an alert runs before its "still want it?" mail and renewal (the privacy page says it). */
  alertExpiry: TenantConfig['alertExpiry'];
  /** How far apart an offer and a request may be to match: the distance of "tell me of new matches". */
  matchingDistanceKm: number;
  contact?: TenantConfig['contact'];
  /** The hospitals (sections for health workers measure housing against them); empty without any. */
  hospitals: Hospital[];
  /** How a health worker is recognised (the domains recognised at once, and whether staff approve requests). */
  healthWorkers?: HealthWorkersSettings;
}
