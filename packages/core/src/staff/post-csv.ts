import { effectiveStatus, type CloseReason, type PostRecord } from '../posts/index.js';
import { categoryLabels, postKinds, type TenantConfig } from '../tenant/index.js';

/** French Excel opens UTF-8 only with a BOM, and splits on `;` (the comma is the decimal mark). */
export const csvBom = '\uFEFF';
export const csvSeparator = ';';

/** A cell typed by a person (title, description, name, address): the only kind a spreadsheet could be made to run. */
export interface FreeText {
  freeText: string;
}
export const freeText = (text: string): FreeText => ({ freeText: text });

type CsvValue = string | number | boolean | null | undefined | FreeText;

/**
 * One cell: quoted when it holds a separator, a quote or a line break. Free text that a
 * spreadsheet would run as a formula (starting with = + - @, or a tab/CR before one) gets a
 * leading `'`; values of our own (ids, dates, labels, numbers) are written as they are, so an id
 * that starts with `-` is the same in the CSV and in the API.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? value.freeText : String(value);
  if (typeof value === 'object' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: CsvValue[]): string => `${cells.map(csvCell).join(csvSeparator)}\r\n`;

const statusLabels: Record<string, string> = {
  pending_verification: 'en attente de confirmation',
  pending_moderation: 'à relire',
  published: 'publiée',
  hidden: 'masquée',
  rejected: 'refusée',
  closed: 'close',
  deleted: 'supprimée',
  expired: 'expirée',
};

const outcomeLabels: Record<CloseReason, string> = {
  fulfilled: 'aide apportée',
  no_longer_needed: 'plus nécessaire',
  no_answer: 'sans réponse',
  duplicate: 'doublon',
};

/** The export's columns. Without personal data: what a post is and what became of it, no name, email, place or free text. */
/** The columns of an offer to health workers, where the tenant has sections for them: housing's days and people, equipment's quantity and hospital. */
const healthOfferColumns = [
  'logement : libre du',
  'logement : au',
  'logement : personnes',
  'logement : type',
  'matériel : quantité',
  'matériel : hôpital',
];

function healthOfferCells(post: PostRecord, tenant: TenantConfig): (string | number)[] {
  const housing = post.content?.housing;
  const equipment = post.content?.equipment;
  return [
    housing ? frenchDay(housing.availableFrom) : '',
    housing ? frenchDay(housing.availableTo) : '',
    housing?.capacity ?? '',
    housing ? (housing.type === 'room' ? 'chambre' : 'logement entier') : '',
    equipment?.quantity ?? '',
    equipment ? (tenant.hospitals.find((hospital) => hospital.id === equipment.dropAt)?.name ?? equipment.dropAt) : '',
  ];
}

export function postCsvHeader(withPersonalData: boolean, tenant?: Pick<TenantConfig, 'healthWorkers'>): string {
  return csvRow([
    'identifiant',
    'créée le',
    'publiée le',
    'expire le',
    'type',
    'catégorie',
    'statut',
    'motif de clôture',
    'saisie par l’équipe',
    'signalements',
    ...(withPersonalData
      ? [
          'titre',
          'description',
          'nom de l’auteur',
          'e-mail de l’auteur',
          'latitude',
          'longitude',
          'téléphone de l’appelant',
          'note de l’équipe',
        ]
      : []),
    ...(tenant?.healthWorkers ? healthOfferColumns : []),
  ]);
}

/** `25/11/2026`: a day (YYYY-MM-DD) French Excel recognises as a date. */
export const frenchDay = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** `25/11/2026 09:00` in the tenant's zone: a date French Excel recognises as one. */
export function excelDateTime(iso: string | undefined, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(iso))
    .replace(',', '');
}

export function postCsvRow(post: PostRecord, now: Date, withPersonalData: boolean, tenant: TenantConfig): string {
  const timeZone = tenant.digest.timeZone;
  const content = post.content;
  const kind = postKinds[post.kind as keyof typeof postKinds]?.fr ?? post.kind;
  const category = categoryLabels(tenant, post.category).fr;
  const status = effectiveStatus(post, now);
  return csvRow([
    post.id,
    excelDateTime(post.createdAt, timeZone),
    excelDateTime(post.publishedAt, timeZone),
    excelDateTime(post.expiresAt, timeZone),
    kind,
    category,
    statusLabels[status] ?? status,
    post.closedReason ? outcomeLabels[post.closedReason] : '',
    post.enteredByStaff ? 'oui' : 'non',
    post.reportCount ?? 0,
    ...(withPersonalData
      ? [
          freeText(content?.title ?? ''),
          freeText(content?.description ?? ''),
          freeText(content?.author.name ?? ''),
          freeText(content && !post.enteredByStaff ? content.author.email : ''),
          content?.location.lat ?? '',
          content?.location.lon ?? '',
          freeText(content?.caller?.phone ?? ''),
          freeText(content?.caller?.note ?? ''),
        ]
      : []),
    ...(tenant.healthWorkers ? healthOfferCells(post, tenant) : []),
  ]);
}
