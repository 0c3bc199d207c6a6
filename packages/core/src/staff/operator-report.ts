import type { CampaignFigures } from '../campaigns/index.js';
import { escapeHtml } from '../shared/index.js';
import { counterNames, healthWorkersFigures, uses, type UseId } from '../stats/index.js';
import type { TenantConfig } from '../tenant/index.js';

/** One tenant's line in the operator's report: its all-time counters, zeros when it has none. */
export interface TenantFigures {
  id: string;
  name: string;
  kind: TenantConfig['kind'];
  posts: number;
  offers: number;
  requests: number;
  connections: number;
  volunteers: number;
  helpHappened: number;
  /** Drawings published in the gallery. */
  drawings: number;
  /** Campaigns with kits, all of the tenant's together: kits handed out to volunteers, items they brought back. */
  kitsHandedOut: number;
  itemsReturned: number;
  /** Offers to health workers: housing offered and the people it houses, equipment offered (its quantity). */
  housingOffers: number;
  housingCapacity: number;
  equipmentQuantity: number;
  byUse: Record<UseId, number>;
}

const useIds = Object.keys(uses) as UseId[];

/** A tenant's line: its day counters' totals, and its campaigns' figures (read from their counter items). */
export function tenantFigures(tenant: TenantConfig, totals: Record<string, number>, campaigns: CampaignFigures[] = []): TenantFigures {
  const of = (name: string) => totals[name] ?? 0;
  const health = healthWorkersFigures(totals);
  return {
    id: tenant.id,
    name: tenant.name,
    kind: tenant.kind,
    posts: of(counterNames.postsCreated),
    offers: of(counterNames.postsByKind('offer')),
    requests: of(counterNames.postsByKind('request')),
    connections: of(counterNames.connections),
    volunteers: of(counterNames.volunteers),
    helpHappened: of(counterNames.followUpAnswer('yes')),
    drawings: of(counterNames.drawingsReachedStatus('published')),
    kitsHandedOut: campaigns.reduce((total, figures) => total + figures.kitsHandedOut, 0),
    itemsReturned: campaigns.reduce((total, figures) => total + figures.itemsReturned, 0),
    housingOffers: health.housingOffers,
    housingCapacity: health.housingCapacity,
    equipmentQuantity: health.equipmentQuantity,
    byUse: Object.fromEntries(useIds.map((use) => [use, of(counterNames.postsByUse(use))])) as Record<UseId, number>,
  };
}

export interface OperatorReport {
  generatedAt: string;
  tenants: TenantFigures[];
  tenantsByKind: Record<string, number>;
  totals: Omit<TenantFigures, 'id' | 'name' | 'kind'>;
  /** Share of each use in all posts, 0 to 1 (0 everywhere when there are no posts). */
  useShares: Record<UseId, number>;
}

export function operatorReport(tenants: TenantFigures[], generatedAt: Date): OperatorReport {
  const sum = (pick: (figures: TenantFigures) => number) => tenants.reduce((total, figures) => total + pick(figures), 0);
  const byUse = Object.fromEntries(useIds.map((use) => [use, sum((figures) => figures.byUse[use])])) as Record<UseId, number>;
  const allUses = useIds.reduce((total, use) => total + byUse[use], 0);
  const tenantsByKind: Record<string, number> = {};
  for (const figures of tenants) tenantsByKind[figures.kind] = (tenantsByKind[figures.kind] ?? 0) + 1;
  return {
    generatedAt: generatedAt.toISOString(),
    tenants,
    tenantsByKind,
    totals: {
      posts: sum((figures) => figures.posts),
      offers: sum((figures) => figures.offers),
      requests: sum((figures) => figures.requests),
      connections: sum((figures) => figures.connections),
      volunteers: sum((figures) => figures.volunteers),
      helpHappened: sum((figures) => figures.helpHappened),
      drawings: sum((figures) => figures.drawings),
      kitsHandedOut: sum((figures) => figures.kitsHandedOut),
      itemsReturned: sum((figures) => figures.itemsReturned),
      housingOffers: sum((figures) => figures.housingOffers),
      housingCapacity: sum((figures) => figures.housingCapacity),
      equipmentQuantity: sum((figures) => figures.equipmentQuantity),
      byUse,
    },
    useShares: Object.fromEntries(useIds.map((use) => [use, allUses === 0 ? 0 : byUse[use] / allUses])) as Record<UseId, number>,
  };
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** The report as a terminal table (French). */
export function reportText(report: OperatorReport): string {
  const columns = [
    'collectivité',
    'type',
    'annonces',
    'offres',
    'demandes',
    'mises en relation',
    'bénévoles',
    'dessins',
    'kits remis',
    'pièces rendues',
    'logements',
    'places',
    'matériel',
  ];
  const rows = [
    ...report.tenants.map((figures) => [
      figures.name,
      figures.kind,
      figures.posts,
      figures.offers,
      figures.requests,
      figures.connections,
      figures.volunteers,
      figures.drawings,
      figures.kitsHandedOut,
      figures.itemsReturned,
      figures.housingOffers,
      figures.housingCapacity,
      figures.equipmentQuantity,
    ]),
    [
      'TOTAL',
      `${report.tenants.length} collectivités`,
      report.totals.posts,
      report.totals.offers,
      report.totals.requests,
      report.totals.connections,
      report.totals.volunteers,
      report.totals.drawings,
      report.totals.kitsHandedOut,
      report.totals.itemsReturned,
      report.totals.housingOffers,
      report.totals.housingCapacity,
      report.totals.equipmentQuantity,
    ],
  ].map((row) => row.map(String));
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, index) => (index < 2 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ');
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [
    `Entraide — rapport de l’opérateur (${report.generatedAt})`,
    '',
    line(columns),
    rule,
    ...rows.slice(0, -1).map(line),
    rule,
    line(rows.at(-1)!),
    '',
    `Collectivités par type : ${Object.entries(report.tenantsByKind)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ')}`,
    'Part de chaque usage dans les annonces :',
    ...useIds.map(
      (use) =>
        `  ${uses[use].fr.padEnd(28)} ${String(report.totals.byUse[use]).padStart(6)}  ${percent(report.useShares[use]).padStart(5)}`,
    ),
    '',
  ].join('\n');
}

/** A horizontal bar chart in SVG; labels are escaped text, never markup. */
function barChart(title: string, bars: { label: string; value: number }[]): string {
  const e = escapeHtml;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rowHeight = 26;
  const labelWidth = 230;
  const barWidth = 360;
  const height = bars.length * rowHeight + 10;
  return `<figure>
<figcaption>${e(title)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${e(title)}" width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}">
${bars
  .map((bar, index) => {
    const y = index * rowHeight + 5;
    const width = Math.round((bar.value / max) * barWidth);
    return `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="13">${e(bar.label)}</text><rect x="${labelWidth}" y="${y}" width="${width}" height="${rowHeight - 8}" fill="#000091"><title>${e(`${bar.label} : ${bar.value}`)}</title></rect><text x="${labelWidth + width + 6}" y="${y + 16}" font-size="13">${bar.value}</text>`;
  })
  .join('\n')}
</svg>
</figure>`;
}

/** The report as one self-contained HTML page (no script, no external resource), with SVG charts. */
export function reportHtml(report: OperatorReport): string {
  const e = escapeHtml;
  const cell = (value: string | number) => `<td>${e(String(value))}</td>`;
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Entraide — rapport de l’opérateur</title>
<style>body{font-family:sans-serif;line-height:1.5;max-width:60em;margin:1em auto;padding:0 1em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}th:first-child,td:first-child,td:nth-child(2){text-align:left}figure{margin:1.5em 0}figcaption{font-weight:bold}</style>
</head><body>
<h1>Entraide — rapport de l’opérateur</h1>
<p>Établi le ${e(report.generatedAt)} · ${report.tenants.length} collectivités · ${report.totals.posts} annonces · ${report.totals.connections} mises en relation.</p>
<table>
<caption>Chiffres par collectivité</caption>
<thead><tr><th scope="col">Collectivité</th><th scope="col">Type</th><th scope="col">Annonces</th><th scope="col">Offres</th><th scope="col">Demandes</th><th scope="col">Mises en relation</th><th scope="col">Bénévoles</th><th scope="col">Dessins publiés</th><th scope="col">Kits remis</th><th scope="col">Pièces rendues</th><th scope="col">Logements pour soignants</th><th scope="col">Places</th><th scope="col">Matériel donné</th></tr></thead>
<tbody>
${report.tenants.map((figures) => `<tr>${cell(figures.name)}${cell(figures.kind)}${cell(figures.posts)}${cell(figures.offers)}${cell(figures.requests)}${cell(figures.connections)}${cell(figures.volunteers)}${cell(figures.drawings)}${cell(figures.kitsHandedOut)}${cell(figures.itemsReturned)}${cell(figures.housingOffers)}${cell(figures.housingCapacity)}${cell(figures.equipmentQuantity)}</tr>`).join('\n')}
</tbody>
<tfoot><tr><th scope="row">Total</th>${cell(`${report.tenants.length} collectivités`)}${cell(report.totals.posts)}${cell(report.totals.offers)}${cell(report.totals.requests)}${cell(report.totals.connections)}${cell(report.totals.volunteers)}${cell(report.totals.drawings)}${cell(report.totals.kitsHandedOut)}${cell(report.totals.itemsReturned)}${cell(report.totals.housingOffers)}${cell(report.totals.housingCapacity)}${cell(report.totals.equipmentQuantity)}</tr></tfoot>
</table>
${barChart(
  'Collectivités par type',
  Object.entries(report.tenantsByKind).map(([kind, count]) => ({ label: kind, value: count })),
)}
${barChart(
  'Annonces par usage',
  useIds.map((use) => ({ label: `${uses[use].fr} (${percent(report.useShares[use])})`, value: report.totals.byUse[use] })),
)}
${barChart(
  'Annonces par collectivité',
  report.tenants.map((figures) => ({ label: figures.name, value: figures.posts })),
)}
${barChart(
  'Mises en relation par collectivité',
  report.tenants.map((figures) => ({ label: figures.name, value: figures.connections })),
)}
</body></html>
`;
}
