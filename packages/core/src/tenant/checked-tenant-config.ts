import { TenantConfigError } from './tenant-config-error.js';
import type { TenantConfig } from './tenant-config.js';

/**
 * What `parseTenantConfig` returns always has (its defaults filled in), by type: the fields that a
 * config written before its check lacks. The check below is of the shape, not of the values: those
 * were checked by `parseTenantConfig` where the JSON was written.
 */
const completedFields: Record<string, 'string' | 'number' | 'boolean' | 'object' | 'array'> = {
  id: 'string',
  kind: 'string',
  name: 'string',
  country: 'string',
  area: 'object',
  languages: 'array',
  staffEmails: 'array',
  adminEmails: 'array',
  reportsToHide: 'number',
  digest: 'object',
  primaryUse: 'string',
  sections: 'array',
  hospitals: 'array',
  customCategories: 'array',
  categories: 'array',
  features: 'object',
  postLifetimeDays: 'number',
  expiryReminder: 'object',
  alertExpiry: 'object',
  reopenWithinDays: 'number',
  matchingDistanceKm: 'number',
  rateLimits: 'object',
};

const kindOf = (value: unknown): string => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

/**
 * A tenant config already checked and completed by `parseTenantConfig`, from the JSON of its
 * output: what the CDK app writes into every tenant function's `TENANT_CONFIG` at synth. Read in
 * Lambda without zod (parsing it again there cost every cold start its schemas' build and a
 * compiled parser, for a value that cannot have changed since the synth). A JSON that is not such
 * an output (hand-written, a default missing) is refused, naming every field that is not there.
 */
export function checkedTenantConfig(json: string, source: string): TenantConfig {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new TenantConfigError(source, [`not valid JSON (${(error as Error).message})`]);
  }
  if (kindOf(value) !== 'object') throw new TenantConfigError(source, [`(root): an object, not ${kindOf(value)}`]);
  const config = value as Record<string, unknown>;
  const problems = Object.entries(completedFields)
    .filter(([field, kind]) => kindOf(config[field]) !== kind)
    .map(
      ([field, kind]) =>
        `${field}: ${kind} expected, ${config[field] === undefined ? 'missing' : kindOf(config[field])} (not a config checked by parseTenantConfig)`,
    );
  const sections = Array.isArray(config.sections) ? (config.sections as unknown[]) : [];
  sections.forEach((section, index) => {
    const fields = (kindOf(section) === 'object' ? section : {}) as Record<string, unknown>;
    for (const field of ['id', 'type'])
      if (typeof fields[field] !== 'string') problems.push(`sections.${index}.${field}: string expected, ${kindOf(fields[field])}`);
  });
  if (problems.length > 0) throw new TenantConfigError(source, problems);
  return value as TenantConfig;
}
