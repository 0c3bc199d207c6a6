import * as z from 'zod';
import { categoryIds, type LocalisedText } from './categories.js';

export const tenantKinds = ['commune', 'departement', 'metropole', 'province', 'region', 'intercommunalite'] as const;

const localisedText = z.strictObject({ fr: z.string().min(1), en: z.string().min(1) });
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'lowercase letters, digits and single dashes' }).max(40);

export const tenantConfigSchema = z.strictObject({
  id: slug,
  kind: z.enum(tenantKinds),
  name: z.string().min(1).max(120),
  country: z.enum(['FR', 'BE', 'LU', 'CH']),
  area: z.strictObject({
    center: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
    radiusKm: z.number().positive().max(300),
  }),
  languages: z.array(z.enum(['fr', 'en', 'nl', 'de'])).min(1),
  staffEmails: z.array(z.email()).min(1),
  sections: z
    .array(
      z.strictObject({
        id: slug,
        title: localisedText,
        description: localisedText.optional(),
        endsOn: z.iso.date().optional(),
      }),
    )
    .default([]),
  categories: z.array(z.enum(categoryIds)).min(1),
  features: z.strictObject({
    contactRelay: z.boolean(),
    moderation: z.enum(['before', 'after']),
  }),
  postLifetimeDays: z.number().int().min(1).max(365),
  /** Abuse limits; each has a default, a tenant may tighten or loosen them. */
  rateLimits: z
    .strictObject({
      postsPerHourPerIp: z.number().int().min(1).default(10),
      postsPerDayPerEmail: z.number().int().min(1).default(5),
    })
    .default({ postsPerHourPerIp: 10, postsPerDayPerEmail: 5 }),
});

export type TenantConfig = z.infer<typeof tenantConfigSchema>;

export class TenantConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid tenant config ${source}: ${problems.join('; ')}`);
    this.name = 'TenantConfigError';
  }
}

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
  sections: TenantConfig['sections'];
  categories: { id: string; label: LocalisedText }[];
  features: TenantConfig['features'];
  postLifetimeDays: number;
}
