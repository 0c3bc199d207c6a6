import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { campaignService, cryptoRandom, parseTenantConfig } from '@entraide/core';
import { MemoryCampaignStore } from '../../../test/support/core-fakes.js';
import { seedDemoCampaigns } from './seed.js';

test('the demo mask campaign of Orléans Métropole: 30 volunteers at two pick-up points, kits and returns over several days', async () => {
  const file = join(__dirname, '..', '..', '..', 'infra', 'tenants', 'orleans-metropole.json');
  const tenant = parseTenantConfig(JSON.parse(readFileSync(file, 'utf8')), file);
  const store = new MemoryCampaignStore();
  const now = new Date('2026-12-06T10:00:00Z');
  await seedDemoCampaigns(tenant, store, cryptoRandom, now);
  const figures = await campaignService({ tenant, store, random: cryptoRandom, clock: { now: () => now } }).figures('masques');
  expect(figures).toMatchObject({ volunteers: 30, kitsReceived: 120, kitsHandedOut: 60, kitsInStock: 60 });
  expect(figures.itemsReturned).toBeGreaterThan(0);
  expect(figures.perPickupPoint.map((point) => point.pickupPoint)).toEqual(['hotel-de-ville', 'mediatheque']);
  expect(figures.perDay.filter((day) => day.itemsReturned > 0).length).toBeGreaterThanOrEqual(3);
});
