import { hashSecret } from '../shared/index.js';
import type { PublicListing } from './listing-record.js';

/**
 * The directory as open data (`GET /open-data/listings.csv` and `.json`), for a local government to
 * publish on its open-data portal: every public listing, with documented and stable columns (the
 * README), under the Licence Ouverte / Etalab 2.0. What enters a listing (the author's name and
 * address) and residents' posts are never in it: only the public view is read.
 */
export const openDataLicence = {
  name: 'Licence Ouverte / Etalab 2.0',
  url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
} as const;

/** The columns, in order: their names are a contract with the portals that poll the file. */
export const openDataColumns = [
  'id',
  'name',
  'categories',
  'section',
  'address',
  'lat',
  'lon',
  'delivery_radius_km',
  'delivery_communes',
  'delivery_days',
  'hours',
  'phone',
  'website',
  'email',
  'click_and_collect',
  'delivery',
  'updated',
] as const;

type OpenDataRow = Record<(typeof openDataColumns)[number], string | number | boolean | null>;

function openDataRow(listing: PublicListing): OpenDataRow {
  return {
    id: listing.id,
    name: listing.name,
    categories: listing.categories.join('|'),
    section: listing.section,
    address: listing.address,
    lat: listing.location.lat,
    lon: listing.location.lon,
    delivery_radius_km: listing.deliveryZone.radiusKm ?? null,
    delivery_communes: (listing.deliveryZone.communes ?? []).map((commune) => commune.code).join('|'),
    delivery_days: listing.deliveryDays.join('|'),
    hours: listing.hours ?? null,
    phone: listing.ordering.phone ?? null,
    website: listing.ordering.website ?? null,
    email: listing.ordering.email ?? null,
    click_and_collect: listing.clickAndCollect,
    delivery: listing.delivery,
    updated: listing.updatedAt,
  };
}

/** RFC 4180: comma-separated, a cell quoted when it holds a comma, a quote or a line break. Programs read it: no spreadsheet escaping. */
const rfc4180Cell = (value: string | number | boolean | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export interface OpenDataFile {
  body: string;
  contentType: string;
  /** A strong validator of the body: a portal polls with If-None-Match and gets a 304 while nothing changed. */
  etag: string;
  /** The latest change of a listing in the file (or of the empty file: the epoch). */
  lastModified: Date;
}

/** The CSV and the JSON of the same listings (sorted by id, so the same directory gives the same bytes). */
export function openDataFile(tenant: { id: string; name: string }, listings: PublicListing[], format: 'csv' | 'json'): OpenDataFile {
  const rows = listings.map(openDataRow);
  const body =
    format === 'csv'
      ? [openDataColumns.join(','), ...rows.map((row) => openDataColumns.map((column) => rfc4180Cell(row[column])).join(','))]
          .map((line) => `${line}\r\n`)
          .join('')
      : JSON.stringify({ tenant: tenant.id, publisher: tenant.name, licence: openDataLicence, columns: openDataColumns, listings: rows });
  const lastModified = new Date(Math.max(0, ...listings.map((listing) => Date.parse(listing.updatedAt))));
  return {
    body,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    etag: `"${hashSecret(body).slice(0, 32)}"`,
    lastModified,
  };
}
