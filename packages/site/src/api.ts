import type { PublicTenantConfig } from '@entraide/core/schemas';
import type { MessageKey } from './i18n.js';
import { t } from './i18n.js';

/** The tenant of the page, from its path (`/t/{id}/…`); null on the platform's own pages. */
export const tenantId: string | null = /^\/t\/([a-z0-9-]+)\//.exec(location.pathname)?.[1] ?? null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** Calls the tenant's API on the same origin (`/t/{id}/api…`): JSON in and out. */
export async function api<T>(method: string, path: string, body?: unknown, bearer?: string): Promise<T> {
  if (!tenantId) throw new Error('no tenant in this page’s address');
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(`/t/${tenantId}/api${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: { path: string; message: string }[] } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `HTTP ${response.status}`,
      error?.details ?? [],
    );
  }
  return data as T;
}

/** What to tell the resident about a failed call, in their language. */
export function explain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return t('error.rate_limited');
    if (error.status === 401) return t('error.unauthorized');
    const key = `error.${error.code}` as MessageKey;
    try {
      return t(key);
    } catch {
      return t('error.generic');
    }
  }
  return t('error.generic');
}

let configPromise: Promise<PublicTenantConfig> | undefined;
/** The tenant's public config, fetched once per page. */
export const tenantConfig = (): Promise<PublicTenantConfig> => (configPromise ??= api<PublicTenantConfig>('GET', '/config'));

export interface PublicPostView {
  id: string;
  kind: string;
  category: string;
  section?: string;
  title: string;
  description: string;
  location: { lat: number; lon: number };
  authorName: string;
  createdAt: string;
  expiresAt: string;
  distanceKm?: number;
}

/** A listing as the API shows it (docs/api.md, the directory). */
export interface PublicListingView {
  id: string;
  section: string;
  categories: string[];
  name: string;
  description: string;
  address: string;
  location: { lat: number; lon: number };
  deliveryZone: { radiusKm?: number; communes?: { code: string; name: string }[] };
  deliveryDays: string[];
  hours?: string;
  ordering: { phone?: string; website?: string; email?: string };
  clickAndCollect: boolean;
  delivery: boolean;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  distanceKm?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
