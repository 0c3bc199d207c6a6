import { parseTenantConfig, type TenantConfig } from '@entraide/core';

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
