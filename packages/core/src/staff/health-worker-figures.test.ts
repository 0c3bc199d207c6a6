import { counterNames, createdCounts, statsFromDays, sumCounts } from '../stats/index.js';
import { healthWorkersTenant, publishedPostRecord, courbevoieTenant } from '../../../../test/support/tenants.js';
import { operatorReport, reportHtml, reportText, tenantFigures } from './operator-report.js';
import { postCsvHeader, postCsvRow } from './post-csv.js';

/**
 * Offers to health workers in the figures, as posts' figures are: counted when entered (day
 * counters), shown in staff's stats, the posts' CSV and the operator's report.
 */
const tenant = healthWorkersTenant();
const housing = publishedPostRecord(tenant, {
  id: 'housing001',
  section: 'soignants',
  category: 'hebergement',
  content: {
    ...publishedPostRecord(tenant).content!,
    housing: {
      availableFrom: '2025-03-05',
      availableTo: '2025-03-20',
      capacity: 3,
      type: 'room',
      hospitalDistancesKm: { nord: 1, sud: 2 },
    },
  },
});
const masks = publishedPostRecord(tenant, {
  id: 'masks00001',
  section: 'soignants',
  content: { ...publishedPostRecord(tenant).content!, title: 'Masques FFP2', equipment: { quantity: 50, dropAt: 'sud' } },
});
const gowns = publishedPostRecord(tenant, {
  id: 'gowns00001',
  section: 'soignants',
  content: { ...publishedPostRecord(tenant).content!, equipment: { quantity: 20, dropAt: 'sud' } },
});

describe('offers to health workers in the figures', () => {
  const days = [
    { day: '2025-03-02', counts: { ...createdCounts(tenant, housing), ...createdCounts(tenant, masks) } },
    {
      day: '2025-03-03',
      counts: sumCounts([{ counts: createdCounts(tenant, gowns) }, { counts: createdCounts(tenant, publishedPostRecord(tenant)) }]),
    },
  ];

  it('count a housing offer’s people and an equipment offer’s quantity at its hospital; other posts count none', () => {
    expect(createdCounts(tenant, housing)).toMatchObject({ [counterNames.housingOffers]: 1, [counterNames.housingCapacity]: 3 });
    expect(createdCounts(tenant, masks)).toMatchObject({
      [counterNames.equipmentOffers]: 1,
      [counterNames.equipmentQuantityAt('sud')]: 50,
    });
    expect(Object.keys(createdCounts(tenant, publishedPostRecord(tenant))).filter((name) => name.startsWith('health.'))).toEqual([]);
  });

  it('add up in staff’s stats of a period', () => {
    expect(statsFromDays('2025-03-02', '2025-03-03', days).healthWorkers).toEqual({
      housingOffers: 1,
      housingCapacity: 3,
      equipmentOffers: 2,
      equipmentQuantity: 70,
      equipmentByHospital: { sud: 70 },
    });
    expect(statsFromDays('2025-03-03', '2025-03-03', days.slice(1)).healthWorkers).toMatchObject({
      housingOffers: 0,
      equipmentQuantity: 20,
    });
  });

  it('are columns of the operator’s report, per tenant and in total', () => {
    const report = operatorReport(
      [tenantFigures(tenant, sumCounts(days)), tenantFigures(courbevoieTenant({ id: 'autre', name: 'Autre' }), {})],
      new Date('2025-03-04T08:00:00Z'),
    );
    expect(report.tenants.map((figures) => [figures.housingOffers, figures.housingCapacity, figures.equipmentQuantity])).toEqual([
      [1, 3, 70],
      [0, 0, 0],
    ]);
    expect(report.totals).toMatchObject({ housingOffers: 1, housingCapacity: 3, equipmentQuantity: 70 });
    const text = reportText(report);
    expect(text).toMatch(/logements\s+places\s+matériel/);
    expect(text.split('\n').find((line) => line.startsWith('TOTAL'))).toMatch(/1\s+3\s+70$/);
    expect(reportHtml(report)).toContain(
      '<th scope="col">Logements pour soignants</th><th scope="col">Places</th><th scope="col">Matériel donné</th>',
    );
  });

  it('are columns of the posts’ CSV where the tenant has health workers, and only there', () => {
    const now = new Date('2025-03-04T08:00:00Z');
    const header = postCsvHeader(false, tenant);
    expect(header).toContain('logement : personnes;logement : type;matériel : quantité;matériel : hôpital');
    const cells = (post: typeof housing) => postCsvRow(post, now, false, tenant).trimEnd().split(';');
    expect(cells(housing).slice(-6)).toEqual(['05/03/2025', '20/03/2025', '3', 'chambre', '', '']);
    expect(cells(masks).slice(-6)).toEqual(['', '', '', '', '50', 'Hôpital Sud']);
    expect(cells(housing)).toHaveLength(header.trimEnd().split(';').length);
    expect(postCsvHeader(false, courbevoieTenant())).not.toContain('logement');
    expect(postCsvRow(masks, now, false, courbevoieTenant()).split(';')).toHaveLength(postCsvHeader(false).split(';').length);
  });
});
