import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { categoryIds, parseTenantConfig, TenantConfigError, tenantIdentity, tenantKinds, type TenantConfig } from '@entraide/core';

/**
 * `npm run onboard`: a tenant file written from flags (or prompts), validated by the tenant schema
 * that synth and `npm start` use, plus what the schema cannot know: the centre inside the country
 * (a swapped latitude and longitude is named as such), a radius plausible for the kind, an id not
 * taken. Then what a deploy would do, and with `--deploy` the deploy itself, in order.
 */

/** Rough boxes (south, north, west, east) around each country's land, overseas départements included. */
const countryBoxes: Record<TenantConfig['country'], { name: string; boxes: [number, number, number, number][] }> = {
  FR: {
    name: 'France',
    boxes: [
      [41.3, 51.2, -5.3, 9.7], // métropole and Corse
      [15.8, 16.6, -61.9, -60.9], // Guadeloupe
      [14.3, 14.95, -61.3, -60.75], // Martinique
      [2.1, 5.8, -54.7, -51.5], // Guyane
      [-21.45, -20.85, 55.2, 55.9], // La Réunion
      [-13.1, -12.6, 44.9, 45.35], // Mayotte
      [46.7, 47.2, -56.5, -56.1], // Saint-Pierre-et-Miquelon
      [17.85, 18.15, -63.2, -62.75], // Saint-Martin, Saint-Barthélemy
    ],
  },
  BE: { name: 'Belgium', boxes: [[49.45, 51.55, 2.5, 6.45]] },
  LU: { name: 'Luxembourg', boxes: [[49.4, 50.2, 5.7, 6.55]] },
  CH: { name: 'Switzerland', boxes: [[45.8, 47.85, 5.9, 10.55]] },
};

/** The radius (km) a local government of each kind may plausibly cover. */
const plausibleRadiusKm: Record<TenantConfig['kind'], [number, number]> = {
  commune: [0.3, 30],
  intercommunalite: [1, 60],
  metropole: [3, 60],
  departement: [10, 150],
  province: [10, 150],
  region: [30, 300],
};

const inCountry = (country: TenantConfig['country'], lat: number, lon: number): boolean =>
  countryBoxes[country].boxes.some(([south, north, west, east]) => lat >= south && lat <= north && lon >= west && lon <= east);

/** What the schema cannot see; each problem names its flag. */
function sanityProblems(tenant: TenantConfig, tenantsDir: string): string[] {
  const problems: string[] = [];
  const { lat, lon } = tenant.area.center;
  const country = countryBoxes[tenant.country];
  if (!inCountry(tenant.country, lat, lon)) {
    problems.push(
      inCountry(tenant.country, lon, lat)
        ? `--centre: ${lat},${lon} is outside ${country.name}, but ${lon},${lat} is inside: latitude and longitude look swapped (give --centre <latitude>,<longitude>, e.g. --centre ${lon},${lat})`
        : `--centre: ${lat},${lon} (latitude, longitude) is outside ${country.name} (${tenant.country})`,
    );
  }
  const [min, max] = plausibleRadiusKm[tenant.kind];
  if (tenant.area.radiusKm < min || tenant.area.radiusKm > max) {
    problems.push(`--radius-km: ${tenant.area.radiusKm} km is not plausible for a ${tenant.kind} (between ${min} and ${max} km)`);
  }
  if (existsSync(join(tenantsDir, `${tenant.id}.json`))) {
    problems.push(
      `--id: "${tenant.id}" is taken (${join(tenantsDir, `${tenant.id}.json`)}); choose another id or remove that tenant first`,
    );
  }
  return problems;
}

const options = {
  id: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string' },
  country: { type: 'string' },
  centre: { type: 'string' },
  'radius-km': { type: 'string' },
  staff: { type: 'string', multiple: true },
  admin: { type: 'string', multiple: true },
  categories: { type: 'string' },
  section: { type: 'string', multiple: true },
  languages: { type: 'string' },
  relay: { type: 'string' },
  moderation: { type: 'string' },
  'post-lifetime-days': { type: 'string' },
  'tenants-dir': { type: 'string' },
  deploy: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** The flags a tenant file cannot do without; asked for when missing and a terminal is there. */
const requiredFlags = ['id', 'name', 'kind', 'country', 'centre', 'radius-km', 'staff'] as const;
type RequiredFlag = (typeof requiredFlags)[number];

const questions: Record<RequiredFlag, string> = {
  id: 'Identifiant (minuscules et tirets, ex. saint-denis) / id',
  name: 'Nom affiché (ex. Ville de Saint-Denis) / name',
  kind: `Type (${tenantKinds.join(', ')}) / kind`,
  country: 'Pays (FR, BE, LU, CH) / country',
  centre: 'Centre « latitude,longitude » (ex. 48.9362,2.3574) / centre',
  'radius-km': 'Rayon en km / radius in km',
  staff: 'Adresses du personnel, séparées par des virgules / staff emails',
};

const usage = `npm run onboard -- --id <id> --name <name> --kind <${tenantKinds.join('|')}> --country <FR|BE|LU|CH>
  --centre <latitude>,<longitude> --radius-km <km> --staff <email>[,<email>…]
  [--admin <email>] [--categories <id,…>] [--section '<id>:<titre fr>|<title en>'] [--languages fr,en]
  [--relay on|off] [--moderation after|before] [--post-lifetime-days 30] [--dry-run] [--deploy]`;

export class OnboardError extends Error {
  constructor(
    readonly problems: string[],
    /** The tenant file was written before the failure (a deploy failed). */
    readonly fileWritten = false,
  ) {
    super(problems.join('\n'));
    this.name = 'OnboardError';
  }
}

const list = (values: string[] | string | undefined): string[] =>
  (Array.isArray(values) ? values : values === undefined ? [] : [values])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);

function number(flag: string, value: string, problems: string[]): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) problems.push(`--${flag}: "${value}" is not a number`);
  return parsed;
}

function section(value: string, problems: string[]): TenantConfig['sections'][number] | undefined {
  const match = /^([^:]+):([^|]+)\|(.+)$/.exec(value);
  if (!match) {
    problems.push(`--section: "${value}" is not '<id>:<titre fr>|<title en>'`);
    return undefined;
  }
  return { id: match[1]!.trim(), type: 'posts', title: { fr: match[2]!.trim(), en: match[3]!.trim() } };
}

/** The tenant file from the flags: every problem at once, each naming its flag. */
function tenantFromFlags(values: Record<string, unknown>, tenantsDir: string): TenantConfig {
  const problems: string[] = [];
  const missing = requiredFlags.filter((flag) => list(values[flag] as string | string[] | undefined).length === 0);
  if (missing.length > 0) throw new OnboardError(missing.map((flag) => `--${flag}: missing`));
  const text = (flag: RequiredFlag | keyof typeof options) => String(values[flag] ?? '').trim();
  const centre = text('centre').split(',');
  if (centre.length !== 2) problems.push(`--centre: "${text('centre')}" is not <latitude>,<longitude>`);
  const [lat, lon] = centre.map((part) => number('centre', part, problems));
  const relay = text('relay') || 'on';
  if (!['on', 'off'].includes(relay)) problems.push(`--relay: "${relay}" is not on or off`);
  const sections = list(values.section as string[] | undefined).length
    ? (values.section as string[]).map((value) => section(value, problems)).filter((value) => value !== undefined)
    : [{ id: 'entraide', type: 'posts' as const, title: { fr: 'Entraide entre habitants', en: 'Help between residents' } }];
  if (problems.length > 0) throw new OnboardError(problems);
  const raw = {
    id: text('id'),
    kind: text('kind'),
    name: text('name'),
    country: text('country').toUpperCase(),
    area: { center: { lat, lon }, radiusKm: number('radius-km', text('radius-km'), problems) },
    languages: list(values.languages as string | undefined).length ? list(values.languages as string) : ['fr', 'en'],
    staffEmails: list(values.staff as string[]),
    ...(list(values.admin as string[] | undefined).length ? { adminEmails: list(values.admin as string[]) } : {}),
    sections,
    categories: list(values.categories as string | undefined).length ? list(values.categories as string) : [...categoryIds],
    features: { contactRelay: relay === 'on', moderation: text('moderation') || 'after' },
    postLifetimeDays: values['post-lifetime-days'] === undefined ? 30 : number('post-lifetime-days', text('post-lifetime-days'), problems),
  };
  if (problems.length > 0) throw new OnboardError(problems);
  let tenant: TenantConfig;
  try {
    tenant = parseTenantConfig(raw, `${raw.id || '(no id)'}.json`);
  } catch (error) {
    if (!(error instanceof TenantConfigError)) throw error;
    throw new OnboardError(error.problems.map((problem) => `tenant file: ${problem}`));
  }
  const sanity = sanityProblems(tenant, tenantsDir);
  if (sanity.length > 0) throw new OnboardError(sanity);
  return tenant;
}

/** The file as written: only what was given or is the house default, the schema's other defaults left implicit. */
function fileContent(tenant: TenantConfig, values: Record<string, unknown>): Record<string, unknown> {
  return {
    ...tenantIdentity(tenant),
    staffEmails: tenant.staffEmails,
    ...(values.admin ? { adminEmails: tenant.adminEmails } : {}),
    sections: tenant.sections,
    categories: tenant.categories,
    features: tenant.features,
    postLifetimeDays: tenant.postLifetimeDays,
  };
}

/** What routing a tenant needs deployed before it: the platform (mail identity, origin secret), then the site (KeyValueStore and its provider). */
const sharedStacks = [
  { stack: 'Entraide-platform', what: 'created first: the mail identity, the origin secret and the alarms every tenant shares' },
  { stack: 'Entraide-site', what: 'created first: the site, its routing KeyValueStore and the provider that writes a tenant’s route' },
];

/** The stacks a deploy of this tenant creates or updates, in order (docs: README, "Onboarding a tenant"). */
function deployPlan(tenantId: string): { stack: string; what: string }[] {
  return [
    {
      stack: `Entraide-${tenantId}`,
      what: 'created: its DynamoDB table (retained), its functions and roles, its HTTP API, its mail sender and schedules, its route in the site’s KeyValueStore',
    },
    { stack: 'Entraide-site', what: `updated: /t/${tenantId}/ listed on the home page` },
  ];
}

export interface OnboardIo {
  /** Asks one question (a terminal); absent: a missing flag is an error. */
  ask?: (question: string) => Promise<string>;
  log: (line: string) => void;
  /** Runs a command (`npx cdk deploy …`) from the repository's root; resolves to its exit code. */
  run: (command: string, args: string[]) => Promise<number>;
  /** Runs a command and answers what it printed (an AWS CLI query). */
  read: (command: string, args: string[]) => Promise<{ code: number; stdout: string }>;
}

export interface OnboardOutcome {
  file: string;
  tenant: TenantConfig;
  deployed: string[];
}

export async function onboard(argv: string[], repoRoot: string, io: OnboardIo): Promise<OnboardOutcome | undefined> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new OnboardError([(error as Error).message, usage]);
  }
  const values: Record<string, unknown> = { ...parsed.values };
  if (values.help) {
    io.log(usage);
    return undefined;
  }
  if (io.ask) {
    for (const flag of requiredFlags) {
      if (values[flag] === undefined) values[flag] = flag === 'staff' ? [await io.ask(questions[flag])] : await io.ask(questions[flag]);
    }
  }
  const tenantsDir = (values['tenants-dir'] as string | undefined) ?? join(repoRoot, 'infra', 'tenants');
  const tenant = tenantFromFlags(values, tenantsDir);
  const file = join(tenantsDir, `${tenant.id}.json`);
  const content = `${JSON.stringify(fileContent(tenant, values), null, 2)}\n`;
  io.log(`${values['dry-run'] ? 'Would write' : 'Writing'} ${relative(repoRoot, file) || file}:`);
  io.log(content.trimEnd());
  io.log('');
  io.log('A deploy (npm run onboard -- … --deploy, or the commands below) would:');
  for (const step of deployPlan(tenant.id)) io.log(`  ${step.stack}: ${step.what}`);
  if (values['dry-run']) return { file, tenant, deployed: [] };
  mkdirSync(tenantsDir, { recursive: true });
  writeFileSync(file, content);
  io.log('');
  io.log(`Try it locally: npm start, then /t/${tenant.id}/`);
  const deployed: string[] = [];
  if (values.deploy) {
    const cdk = async (verb: 'diff' | 'deploy', stacks: string[]): Promise<void> => {
      // --exclusively: the CLI would otherwise deploy a stack's dependencies with it, the site (listing the
      // tenant) before the tenant's route exists.
      const args = ['cdk', verb, ...stacks, '--exclusively', ...(verb === 'deploy' ? ['--require-approval', 'never'] : [])];
      io.log(`npx ${args.join(' ')}`);
      const code = await io.run('npx', args);
      if (code !== 0) {
        throw new OnboardError(
          [`cdk ${verb} ${stacks.join(' ')} failed (exit ${code}); the file is written: fix and run the cdk commands again`],
          true,
        );
      }
      if (verb === 'deploy') deployed.push(...stacks);
    };
    // What routing needs, when this account has not got it yet (a first tenant deployed this way).
    const missing: string[] = [];
    for (const { stack, what } of sharedStacks) {
      const found = await io.read('aws', [
        'cloudformation',
        'describe-stacks',
        '--stack-name',
        stack,
        '--query',
        'Stacks[0].StackStatus',
        '--output',
        'text',
      ]);
      if (found.code !== 0 || /^(ROLLBACK_COMPLETE|DELETE_COMPLETE)?$/.test(found.stdout.trim())) {
        io.log(`${stack}: not deployed, ${what}`);
        missing.push(stack);
      }
    }
    const plan = deployPlan(tenant.id).map(({ stack }) => stack);
    // The diff of what the deploy creates and changes, printed before anything is deployed.
    await cdk('diff', [...new Set([...missing, ...plan])]);
    if (missing.length > 0) await cdk('deploy', missing);
    // The tenant first (it writes its own route), then the site that lists it (unless just deployed, listing it).
    for (const stack of plan.filter((stack) => !missing.includes(stack))) await cdk('deploy', [stack]);
  } else {
    io.log(
      `Deploy: ${deployPlan(tenant.id)
        .map(({ stack }) => `npx cdk deploy ${stack}`)
        .join(', then ')}`,
    );
  }
  return { file, tenant, deployed };
}
