import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseTenantConfig, TenantConfigError, type TenantConfig } from './tenant-config.js';

/**
 * Reads every `<id>.json` of a folder as a tenant config. Used by the CDK app at synth and by the
 * local runtime at start, so an invalid file stops both with the file and the field named.
 */
export function loadTenantDirectory(directory: string): TenantConfig[] {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
  return files.map((name) => {
    const path = join(directory, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new TenantConfigError(path, [`not valid JSON (${(error as Error).message})`]);
    }
    const tenant = parseTenantConfig(json, path);
    if (tenant.id !== basename(name, '.json')) {
      throw new TenantConfigError(path, [`id: "${tenant.id}" must match the file name`]);
    }
    return tenant;
  });
}
