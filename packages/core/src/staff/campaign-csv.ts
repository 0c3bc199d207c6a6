import type { CampaignFigures, KitFigures, RosterEntry } from '../campaigns/index.js';
import type { CampaignSettings, TenantConfig } from '../tenant/index.js';
import { csvBom, csvRow, excelDateTime, freeText, frenchDay } from './post-csv.js';

/** What a campaign's CSV lists, one row each: its volunteers, its days, or its pick-up points. */
export const campaignCsvRows = ['volunteer', 'day', 'pickupPoint'] as const;
export type CampaignCsvRows = (typeof campaignCsvRows)[number];

const figureColumns = [
  'kits remis',
  'kits rendus non utilisés',
  'kits en cours',
  'pièces attendues',
  'pièces déclarées',
  'pièces rendues',
  'taux de retour',
];

/** A return rate as French Excel reads a number (decimal comma); empty when nothing is expected. */
const frenchRate = (rate: number | null): string => (rate === null ? '' : String(rate).replace('.', ','));

const figureCells = (figures: KitFigures) => [
  figures.kitsHandedOut,
  figures.kitsReturned,
  figures.kitsOut,
  figures.itemsExpected,
  figures.itemsDeclared,
  figures.itemsReturned,
  frenchRate(figures.returnRate),
];

/**
 * A campaign's figures as CSV French Excel opens (BOM, `;`, CRLF): per volunteer (without their
 * name and phone unless an administrator asked for personal data; never an address), per day or per
 * pick-up point, each with a total row. The same figures as the staff page's, from the same reads.
 */
export function campaignCsv(
  tenant: TenantConfig,
  settings: CampaignSettings,
  figures: CampaignFigures,
  roster: RosterEntry[],
  rows: CampaignCsvRows,
  withPersonalData: boolean,
): string {
  const pointName = (id: string) => settings.pickupPoints.find((point) => point.id === id)?.name ?? id;
  const total = csvRow([
    'total',
    ...(rows === 'volunteer' ? ['', '', '', ...(withPersonalData ? ['', ''] : [])] : []),
    ...figureCells(figures),
  ]);
  if (rows === 'day') {
    return (
      csvBom +
      csvRow(['jour', ...figureColumns]) +
      figures.perDay.map((day) => csvRow([frenchDay(day.day), ...figureCells(day)])).join('') +
      total
    );
  }
  if (rows === 'pickupPoint') {
    return (
      csvBom +
      csvRow(['point de retrait', ...figureColumns]) +
      figures.perPickupPoint.map((point) => csvRow([pointName(point.pickupPoint), ...figureCells(point)])).join('') +
      total
    );
  }
  return (
    csvBom +
    csvRow([
      'identifiant',
      'point de retrait',
      'dernière remise',
      'relance due',
      ...(withPersonalData ? ['nom', 'téléphone'] : []),
      ...figureColumns,
    ]) +
    roster
      .map((entry) =>
        csvRow([
          entry.id,
          pointName(entry.pickupPoint),
          excelDateTime(entry.lastHandOutAt, tenant.digest.timeZone),
          entry.reminderDue ? 'oui' : 'non',
          ...(withPersonalData ? [freeText(entry.name), freeText(entry.phone ?? '')] : []),
          ...figureCells(entry.figures),
        ]),
      )
      .join('') +
    total
  );
}
