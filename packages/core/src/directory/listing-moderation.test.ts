import { MemoryListingStore } from '../../../../test/support/core-fakes.js';
import { directorySetup, directoryTenant } from '../../../../test/support/directory-fixtures.js';
import { DomainError } from '../shared/index.js';
import type { StaffSession } from '../staff/index.js';
import { listingModerationService } from './listing-moderation.js';

const staff = (role: StaffSession['role']): StaffSession => ({
  tenantId: 'deux-sevres',
  email: `${role}@deux-sevres.example`,
  role,
  expiresAt: new Date('2030-01-01T00:00:00.000Z'),
});

function setup(moderation: 'before' | 'after') {
  const base = directoryTenant();
  const tenant = { ...base, features: { ...base.features, moderation } };
  const context = directorySetup(new MemoryListingStore(), tenant);
  const decisions = listingModerationService({
    tenant,
    listingStore: context.store,
    mailer: context.mailer,
    clock: context.clock,
    random: { id: () => 'unused', secret: () => 'unused', fraction: () => 0, bytes: () => new Uint8Array() },
    rateLimiter: { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) },
    siteUrl: 'https://entraide.example/',
  });
  return { ...context, decisions };
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return [error.status, error.code];
};

it('where the tenant reads first, a confirmed listing waits in the queue and is found only once approved', async () => {
  const { listings, decisions, published, clock } = setup('before');
  const { id } = await published();
  expect((await listings.list({ deliversTo: { lat: 46.33, lon: -0.46 } })).items).toEqual([]);
  const queue = await decisions.queue(staff('staff'));
  expect(queue.items.map((item) => [item.id, item.status])).toEqual([[id, 'pending_moderation']]);
  // Who entered it: for administrators only.
  expect(queue.items[0]!.author.email).toBe('');
  expect((await decisions.queue(staff('admin'))).items[0]!.author.email).toBe('jeanne@ferme-des-pres.example');
  clock.advanceMinutes(5);
  expect((await decisions.approve(staff('staff'), id)).status).toBe('published');
  expect((await listings.list({ deliversTo: { lat: 46.33, lon: -0.46 } })).items.map((item) => item.id)).toEqual([id]);
  expect((await decisions.queue(staff('staff'))).items).toEqual([]);
});

it('hides, puts back and rejects by the posts’ rules; a closed listing is not for staff to approve', async () => {
  const { listings, decisions, published } = setup('after');
  const point = { deliversTo: { lat: 46.33, lon: -0.46 } };
  const { id, token } = await published();
  expect((await decisions.hide(staff('staff'), id, 'Numéro de téléphone personnel')).status).toBe('hidden');
  expect((await listings.list(point)).items).toEqual([]);
  expect((await decisions.queue(staff('staff'))).items.map((item) => item.id)).toEqual([id]);
  expect((await decisions.approve(staff('staff'), id)).status).toBe('published');
  expect((await listings.list(point)).items.map((item) => item.id)).toEqual([id]);
  expect((await decisions.reject(staff('staff'), id, 'Hors du département')).status).toBe('rejected');
  expect((await listings.getOwn(id, token)).status).toBe('rejected');
  expect(await refusal(decisions.approve(staff('staff'), id))).toEqual([409, 'invalid_status']);
  const other = await published({ name: 'Fermée' });
  await listings.close(other.id, other.token);
  expect(await refusal(decisions.approve(staff('staff'), other.id))).toEqual([409, 'invalid_status']);
  expect(await refusal(decisions.hide(staff('staff'), 'nothing-here', undefined))).toEqual([404, 'not_found']);
});
