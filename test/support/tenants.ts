import { hashSecret, parseTenantConfig, type PostRecord, type TenantConfig, type VolunteerRecord } from '@entraide/core';

/**
 * The unit tests' Courbevoie: a tenant file's content fixed here, whatever infra/tenants/courbevoie.json
 * (the demo tenant) becomes. A variant: `courbevoieTenant({ categories: … })`.
 */
const courbevoieConfig = {
  id: 'courbevoie',
  kind: 'commune',
  name: 'Ville de Courbevoie',
  country: 'FR',
  area: { center: { lat: 48.8973, lon: 2.2522 }, radiusKm: 3 },
  languages: ['fr', 'en'],
  staffEmails: ['staff@courbevoie.example'],
  categories: ['childcare', 'groceries', 'medicines', 'psychological_support', 'paperwork', 'other'],
  features: { contactRelay: true, moderation: 'after' },
  postLifetimeDays: 30,
};

/** `courbevoieConfig`, with `overrides` on top, as the tenant loader reads it (defaults filled in). */
export const courbevoieTenant = (overrides: Record<string, unknown> = {}): TenantConfig =>
  parseTenantConfig({ ...courbevoieConfig, ...overrides }, 'test');

/** A mask campaign's section (kits of 35 masks, two pick-up points), as a tenant file declares it. */
const maskCampaignSection = (overrides: Record<string, unknown> = {}) => ({
  id: 'masques',
  type: 'campaign',
  title: { fr: 'Couture de masques', en: 'Mask sewing' },
  campaign: {
    makes: { fr: 'masques en tissu', en: 'fabric masks' },
    kit: { label: { fr: 'kit de 35 masques', en: 'kit for 35 masks' }, itemsPerKit: 35 },
    pickupPoints: [
      {
        id: 'hotel-de-ville',
        name: 'Hôtel de ville',
        address: '2 place de l’Hôtel de Ville',
        hours: { fr: 'lun.–ven. 9 h–17 h', en: 'Mon–Fri 9am–5pm' },
      },
      {
        id: 'mediatheque',
        name: 'Médiathèque',
        address: '1 place Gambetta',
        hours: { fr: 'mer. et sam. 10 h–18 h', en: 'Wed and Sat 10am–6pm' },
      },
    ],
  },
  ...overrides,
});

/** Courbevoie with a mask campaign (`masques`), and a second campaign (`blouses`) to tell them apart. */
export const campaignTenant = (overrides: Record<string, unknown> = {}): TenantConfig =>
  courbevoieTenant({
    sections: [maskCampaignSection(), maskCampaignSection({ id: 'blouses', title: { fr: 'Blouses', en: 'Gowns' } })],
    ...overrides,
  });

/** An active volunteer of `campaignTenant()`'s mask campaign, whose link's secret is `token-of-<id>`. */
export const campaignVolunteer = (id: string, overrides: Partial<VolunteerRecord> = {}): VolunteerRecord => ({
  tenantId: 'courbevoie',
  campaignId: 'masques',
  id,
  status: 'active',
  name: `Bénévole ${id}`,
  email: `${id}@example.org`,
  pickupPoint: 'hotel-de-ville',
  tokenHash: hashSecret(`token-of-${id}`),
  createdAt: '2025-03-01T08:00:00.000Z',
  ...overrides,
});

/** A published post of `tenant` as the store holds it (Ana's groceries), with `overrides` on top. */
export function publishedPostRecord(tenant: TenantConfig, overrides: Partial<PostRecord> = {}): PostRecord {
  const at = overrides.createdAt ?? '2025-03-02T09:00:00.000Z';
  return {
    tenantId: tenant.id,
    id: 'post000001',
    kind: 'offer',
    category: 'groceries',
    status: 'published',
    content: {
      title: 'Courses le samedi',
      description: 'Au marché.',
      location: { lat: 48.899, lon: 2.254 },
      publicLocation: { lat: 48.8991, lon: 2.2541 },
      author: { name: 'Ana', email: 'ana@example.org' },
    },
    tokenHash: null,
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    expiresAt: '2025-04-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** `POST /staff/posts`'s body: a request Courbevoie's staff took by phone for a resident without internet. */
export const phonedPostBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'request' as const,
  category: 'groceries',
  title: 'Courses du jeudi pour Mme L.',
  description: 'Elle ne peut plus porter ses sacs.',
  location: { lat: 48.8973, lon: 2.2522 },
  author: { name: 'Mme L.' },
  ...overrides,
});

/**
 * Courbevoie with a section for health workers (`soignants`, beside the general `entraide`), two
 * hospitals and recognition by the domain `hopital.example` or, with `staffApproval`, by staff.
 */
export const healthWorkersTenant = (options: { staffApproval?: boolean } = {}): TenantConfig =>
  courbevoieTenant({
    sections: [
      { id: 'soignants', title: { fr: 'Soutien aux soignants', en: 'Support for health workers' }, audience: 'health_workers' },
      { id: 'entraide', title: { fr: 'Entraide', en: 'Mutual aid' } },
    ],
    hospitals: [
      { id: 'nord', name: 'Hôpital Nord', point: { lat: 48.905, lon: 2.255 } },
      { id: 'sud', name: 'Hôpital Sud', point: { lat: 48.889, lon: 2.245 } },
    ],
    healthWorkers: { recognition: { emailDomains: ['hopital.example'], staffApproval: options.staffApproval ?? true } },
    customCategories: [{ id: 'hebergement', label: { fr: 'Hébergement', en: 'Housing' } }],
    categories: ['groceries', 'hebergement', 'other'],
  });
