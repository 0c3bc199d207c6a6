import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkedTenantConfig } from './checked-tenant-config.js';
import { parseTenantConfig, TenantConfigError } from './tenant-config.js';
import { loadTenantDirectory } from './tenant-files.js';

// Read at run time (not imported): core must not depend on infra.
const demoTenantsDirectory = resolve(__dirname, '../../../../infra/tenants');
const demoCourbevoie = (): Record<string, unknown> => JSON.parse(readFileSync(join(demoTenantsDirectory, 'courbevoie.json'), 'utf8'));

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'entraide-tenants-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const writeTenant = (fileName: string, content: unknown): string => {
  const path = join(directory, fileName);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
};

/** The error thrown by loading `directory`, asserting it is a TenantConfigError. */
function loadError(): TenantConfigError {
  try {
    loadTenantDirectory(directory);
  } catch (error) {
    expect(error).toBeInstanceOf(TenantConfigError);
    return error as TenantConfigError;
  }
  throw new Error('the directory loaded without error');
}

describe('the demo tenants', () => {
  it('all seven load, with the ids the docs and tests rely on', () => {
    const tenants = loadTenantDirectory(demoTenantsDirectory);
    expect(tenants.map((tenant) => tenant.id)).toEqual([
      'bourg-la-reine',
      'courbevoie',
      'deux-sevres',
      'mulhouse',
      'namur',
      'orleans-metropole',
      'paris',
    ]);
  });

  it('moderate after publication everywhere but in Paris, and relay contact everywhere but in Deux-Sèvres', () => {
    const tenants = loadTenantDirectory(demoTenantsDirectory);
    const moderatedBefore = tenants.filter((tenant) => tenant.features.moderation === 'before').map((tenant) => tenant.id);
    const withoutRelay = tenants.filter((tenant) => !tenant.features.contactRelay).map((tenant) => tenant.id);
    expect(moderatedBefore).toEqual(['paris']);
    expect(withoutRelay).toEqual(['deux-sevres']);
    for (const tenant of tenants) expect(tenant.staffEmails).toEqual([`staff@${tenant.id}.example`]);
  });

  it('each give residents a phone to call, Deux-Sèvres (no relay) first of all', () => {
    const tenants = loadTenantDirectory(demoTenantsDirectory);
    for (const tenant of tenants) expect(tenant.contact?.phone).toMatch(/^\+?[0-9][0-9 .]+$/);
    expect(tenants.find((tenant) => tenant.id === 'deux-sevres')?.contact?.phone).toBe('05 36 49 00 79');
  });
});

describe('loadTenantDirectory refuses a bad file, naming the file and the field', () => {
  it('a value out of range', () => {
    const path = writeTenant('courbevoie.json', { ...demoCourbevoie(), area: { center: { lat: 48.8973, lon: 2.2522 }, radiusKm: -3 } });
    const error = loadError();
    expect(error.message).toContain(path);
    expect(error.message).toContain('area.radiusKm');
  });

  it('every bad field at once, not just the first', () => {
    writeTenant('courbevoie.json', { ...demoCourbevoie(), postLifetimeDays: 0, country: 'DE' });
    const error = loadError();
    expect(error.problems.some((problem) => problem.startsWith('postLifetimeDays:'))).toBe(true);
    expect(error.problems.some((problem) => problem.startsWith('country:'))).toBe(true);
  });

  it('an unknown field, at the top or nested', () => {
    writeTenant('courbevoie.json', { ...demoCourbevoie(), colour: 'blue' });
    expect(loadError().message).toContain('colour');

    const nested = demoCourbevoie();
    writeTenant('courbevoie.json', { ...nested, features: { ...(nested.features as object), payments: true } });
    const error = loadError();
    expect(error.message).toContain('features');
    expect(error.message).toContain('payments');
  });

  it('a file whose id is not its name', () => {
    const path = writeTenant('puteaux.json', demoCourbevoie());
    const error = loadError();
    expect(error.message).toContain(path);
    expect(error.message).toContain('"courbevoie" must match the file name');
  });

  it('a file that is not JSON', () => {
    writeTenant('courbevoie.json', JSON.stringify(demoCourbevoie()));
    const path = writeTenant('paris.json', '{ "id": "paris", ');
    const error = loadError();
    expect(error.source).toBe(path);
    expect(error.message).toContain(path);
    expect(error.message).toContain('not valid JSON');
  });

  it('even when every other file is fine', () => {
    writeTenant('courbevoie.json', demoCourbevoie());
    const path = writeTenant('namur.json', { ...demoCourbevoie(), id: 'namur', categories: ['knitting'] });
    const error = loadError();
    expect(error.message).toContain(path);
    expect(error.message).toContain('categories.0');
  });

  it('and reads only the .json files of the folder', () => {
    writeTenant('courbevoie.json', demoCourbevoie());
    writeTenant('README.md', '# not a tenant');
    expect(loadTenantDirectory(directory).map((tenant) => tenant.id)).toEqual(['courbevoie']);
  });
});

describe('parseTenantConfig', () => {
  it('gives a tenant without sections an empty list of them', () => {
    const { sections: _sections, ...withoutSections } = demoCourbevoie();
    expect(parseTenantConfig(withoutSections, 'test').sections).toEqual([]);
  });

  it('takes categories of the tenant’s own beside the built-in ones, and refuses one declared nowhere or shadowing a built-in one', () => {
    const withOwn = { ...demoCourbevoie(), customCategories: [{ id: 'masques', label: { fr: 'Masques', en: 'Masks' } }] };
    expect(parseTenantConfig({ ...withOwn, categories: ['groceries', 'masques'] }, 'test').categories).toEqual(['groceries', 'masques']);
    expect(() => parseTenantConfig({ ...withOwn, categories: ['groceries', 'hebergement'] }, 'test')).toThrow(
      /categories\.1: "hebergement"/,
    );
    expect(() =>
      parseTenantConfig({ ...withOwn, customCategories: [{ id: 'groceries', label: { fr: 'Épicerie', en: 'Grocery' } }] }, 'test'),
    ).toThrow(/customCategories\.0\.id: a built-in category already has this id/);
  });

  it('takes only the languages the site and mails are complete in, and names the one that is not', () => {
    expect(parseTenantConfig({ ...demoCourbevoie(), languages: ['fr', 'en'] }, 'test').languages).toEqual(['fr', 'en']);
    expect(() => parseTenantConfig({ ...demoCourbevoie(), languages: ['fr', 'nl'] }, 'test')).toThrow(
      /languages\.1: nl: the site and mails are not translated into it yet \(they speak fr, en\)/,
    );
    expect(() => parseTenantConfig({ ...demoCourbevoie(), languages: ['de'] }, 'test')).toThrow(/languages\.0: de: /);
  });

  it('refuses a section that ends before it starts', () => {
    const sections = [{ id: 'paques', title: { fr: 'Pâques', en: 'Easter' }, startsOn: '2027-03-29', endsOn: '2027-03-01' }];
    expect(() => parseTenantConfig({ ...demoCourbevoie(), sections }, 'test')).toThrow(
      /sections\.0\.endsOn: startsOn must not be after endsOn/,
    );
  });

  it('refuses a tenant id that could not be a URL path segment', () => {
    expect(() => parseTenantConfig({ ...demoCourbevoie(), id: 'Courbevoie/../paris' }, 'test')).toThrow(/id:/);
  });

  it('a campaign section needs its settings (kit, pick-up points), and only a campaign section has them', () => {
    const settings = {
      makes: { fr: 'masques', en: 'masks' },
      kit: { label: { fr: 'kit', en: 'kit' }, itemsPerKit: 35 },
      pickupPoints: [{ id: 'mairie', name: 'Mairie', address: '1 place de la Mairie', hours: { fr: 'lun. 9 h–12 h', en: 'Mon 9–12am' } }],
    };
    const title = { fr: 'Masques', en: 'Masks' };
    const withSections = (sections: unknown[]) => parseTenantConfig({ ...demoCourbevoie(), sections }, 'test');
    expect(withSections([{ id: 'masques', type: 'campaign', title, campaign: settings }]).sections[0]?.campaign).toMatchObject({
      kit: { itemsPerKit: 35 },
      reminderAfterDays: 10,
    });
    expect(() => withSections([{ id: 'masques', type: 'campaign', title }])).toThrow(
      /sections\.0\.campaign: a section of type campaign needs/,
    );
    expect(() => withSections([{ id: 'aide', title, campaign: settings }])).toThrow(
      /sections\.0\.campaign: only a section of type campaign/,
    );
    const twice = { ...settings, pickupPoints: [settings.pickupPoints[0], settings.pickupPoints[0]] };
    expect(() => withSections([{ id: 'masques', type: 'campaign', title, campaign: twice }])).toThrow(
      /pickupPoints: pick-up point ids must differ/,
    );
  });

  it('takes the local government’s public contact, and refuses a phone that is not one or an empty contact', () => {
    const contact = {
      phone: '+33 1 99 00 92 40',
      email: 'mairie@courbevoie.example',
      hours: { fr: 'Du lundi au vendredi', en: 'Monday to Friday' },
    };
    expect(parseTenantConfig({ ...demoCourbevoie(), contact }, 'test').contact).toEqual(contact);
    expect(() => parseTenantConfig({ ...demoCourbevoie(), contact: { phone: 'call us!' } }, 'test')).toThrow(/contact\.phone:/);
    expect(() => parseTenantConfig({ ...demoCourbevoie(), contact: {} }, 'test')).toThrow(/contact:/);
  });

  it('a section for health workers needs the hospitals and how health workers are recognised; only a section of posts has an audience', () => {
    const title = { fr: 'Soignants', en: 'Health workers' };
    const hospitals = [{ id: 'emile-muller', name: 'Hôpital Émile Muller', point: { lat: 47.7232, lon: 7.3117 } }];
    const healthWorkers = { recognition: { emailDomains: ['ghrmsa.example'] } };
    const sections = [{ id: 'soignants', title, audience: 'health_workers' }];
    const parsed = parseTenantConfig({ ...demoCourbevoie(), sections, hospitals, healthWorkers }, 'test');
    expect(parsed.sections[0]?.audience).toBe('health_workers');
    expect(parsed.healthWorkers?.recognition).toEqual({ emailDomains: ['ghrmsa.example'], staffApproval: false });
    expect(() => parseTenantConfig({ ...demoCourbevoie(), sections, hospitals }, 'test')).toThrow(/healthWorkers: section soignants/);
    expect(() => parseTenantConfig({ ...demoCourbevoie(), sections, healthWorkers }, 'test')).toThrow(/hospitals: section soignants/);
    expect(() =>
      parseTenantConfig({ ...demoCourbevoie(), sections, hospitals, healthWorkers: { recognition: { emailDomains: [] } } }, 'test'),
    ).toThrow(/healthWorkers\.recognition: give emailDomains, or staffApproval/);
    expect(() =>
      parseTenantConfig(
        { ...demoCourbevoie(), sections, hospitals, healthWorkers: { recognition: { emailDomains: ['@GHRMSA.fr'] } } },
        'test',
      ),
    ).toThrow(/healthWorkers\.recognition\.emailDomains\.0: a mail domain/);
    expect(() =>
      parseTenantConfig({ ...demoCourbevoie(), sections, hospitals: [...hospitals, ...hospitals], healthWorkers }, 'test'),
    ).toThrow(/hospitals: hospital ids must differ/);
    expect(() =>
      parseTenantConfig({ ...demoCourbevoie(), sections: [{ ...sections[0], type: 'directory' }], hospitals, healthWorkers }, 'test'),
    ).toThrow(/sections\.0\.audience: only a section of posts/);
  });

  it('Mulhouse’s demo file: a section for health workers, GHRMSA’s sites, its invented domain and staff approval', () => {
    const mulhouse = loadTenantDirectory(demoTenantsDirectory).find((tenant) => tenant.id === 'mulhouse')!;
    expect(mulhouse.sections.find((section) => section.id === 'soignants')?.audience).toBe('health_workers');
    expect(mulhouse.hospitals.map((hospital) => hospital.id)).toEqual(['emile-muller', 'hasenrain']);
    expect(mulhouse.healthWorkers?.recognition).toEqual({ emailDomains: ['ghrmsa.example'], staffApproval: true });
  });
});

describe('a checked config read again (what a tenant function is given)', () => {
  it('is every demo tenant exactly as parseTenantConfig returned it, through its JSON', () => {
    for (const tenant of loadTenantDirectory(demoTenantsDirectory)) {
      const json = JSON.stringify(tenant);
      expect(checkedTenantConfig(json, 'TENANT_CONFIG')).toEqual(tenant);
      // Parsing the output again changes nothing: the JSON is a fixed point of the check done at synth.
      expect(parseTenantConfig(JSON.parse(json), 'again')).toEqual(tenant);
    }
  });

  it('refuses what is not such an output, naming each field it lacks or the bad section', () => {
    const tenant = loadTenantDirectory(demoTenantsDirectory)[0]!;
    const { rateLimits: _, ...withoutLimits } = tenant;
    expect(() => checkedTenantConfig(JSON.stringify(withoutLimits), 'TENANT_CONFIG')).toThrow(
      /^Invalid tenant config TENANT_CONFIG: rateLimits: object expected, missing/,
    );
    expect(() => checkedTenantConfig(JSON.stringify({ ...tenant, sections: [{ id: 'x' }] }), 'TENANT_CONFIG')).toThrow(
      /sections\.0\.type: string expected/,
    );
    expect(() => checkedTenantConfig('[1]', 'TENANT_CONFIG')).toThrow(/\(root\): an object, not array/);
  });
});
