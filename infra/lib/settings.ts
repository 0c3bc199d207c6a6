import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';

/**
 * The deployment's settings: one committed file, `infra/settings.json` (copy
 * `infra/settings.example.json`), validated at every synth. A missing or example value stops the
 * synth, naming the setting, instead of deploying a placeholder (a tenant stack deployed with
 * `entraide.example` as its mail identity breaks every mail). A context key (`-c entraide:siteUrl=…`)
 * still overrides the file's value for one synth.
 */
const domain = z
  .string()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: 'a domain name, e.g. entraide.ma-ville.fr' });

const httpsOrigin = z.url({ protocol: /^https$/, error: 'an https:// URL' }).refine(
  (url) => {
    const parsed = new URL(url);
    return (parsed.pathname === '/' || parsed.pathname === '') && !parsed.search && !parsed.hash;
  },
  { error: 'an origin only (https://entraide.ma-ville.fr), no path' },
);

const certificate = z.strictObject({
  /** An ACM certificate for the site's domain, already issued, in us-east-1 (where CloudFront reads certificates). */
  arn: z.string().regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, {
    error: 'an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)',
  }),
});

const deploymentSettingsSchema = z.strictObject({
  /** The public origin of the site; every mail links to it. Its host is the CloudFront alias. */
  siteUrl: httpsOrigin,
  /** The SES identity every tenant's mail is sent from. */
  mailDomain: domain,
  /** `Entraide <ne-pas-repondre@…>`, on the mail domain. */
  mailFrom: z.string().min(3),
  /** Where the platform, tenants and site live (CloudFront's certificate aside, in us-east-1). */
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: 'an AWS region, e.g. eu-west-3' }),
  /** The site's TLS certificate: an issued ACM certificate's ARN, in us-east-1. */
  certificate,
  /** The operator's address: alarms (dead letters, function errors, bounce rate) are mailed there. */
  alarmEmail: z.email(),
  /** A tile server (`https://…/{z}/{x}/{y}.png`), allowed by the CSP; null: the map draws without tiles. */
  tileUrl: z.url({ protocol: /^https$/ }).nullable(),
  tileAttribution: z.string().default(''),
  /** `ban`: France's national address service; `stand-in`: a short local list. */
  geocoder: z.enum(['ban', 'stand-in']).default('ban'),
  configurationSetName: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/)
    .default('entraide'),
});

export type DeploymentSettings = z.output<typeof deploymentSettingsSchema>;

/** The settings a deployment must give: the file's required keys, named in the error when missing. */
const requiredSettings = ['siteUrl', 'mailDomain', 'mailFrom', 'region', 'certificate', 'alarmEmail', 'tileUrl'] as const;

/** The context keys that override one setting (`cdk synth -c entraide:siteUrl=https://…`). */
export const settingContextKeys = {
  siteUrl: 'entraide:siteUrl',
  mailDomain: 'entraide:mailDomain',
  mailFrom: 'entraide:mailFrom',
  region: 'entraide:region',
  alarmEmail: 'entraide:alarmEmail',
  tileUrl: 'entraide:tileUrl',
  tileAttribution: 'entraide:tileAttribution',
  geocoder: 'entraide:geocoder',
  configurationSetName: 'entraide:configurationSetName',
} as const satisfies Partial<Record<keyof DeploymentSettings, string>>;

export class DeploymentSettingsError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `Deployment settings ${source} cannot be deployed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n` +
        'Copy infra/settings.example.json to infra/settings.json and set every value (README, "Deploying to AWS").',
    );
    this.name = 'DeploymentSettingsError';
  }
}

/**
 * A value still pointing at the example: the reserved `.example` names (RFC 2606), the example
 * account 123456789012 or the zero certificate. Deployed, they would break mail or the site.
 */
const examplePattern = /(^|[.@/:<\s])(example)([.>/:\s]|$)|123456789012|00000000-0000-0000-0000-000000000000|ZEXAMPLE/i;

function exampleValues(raw: Record<string, unknown>): string[] {
  const found: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string' && examplePattern.test(value))
      found.push(`${path}: "${value}" is the example's value, not this deployment's`);
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) visit(inner, path ? `${path}.${key}` : key);
  };
  visit(raw, '');
  return found;
}

export interface ReadSettingsOptions {
  /** The settings file (`infra/settings.json`). */
  file: string;
  /** Context values by key (`entraide:siteUrl`), over the file's. */
  context?: Record<string, unknown>;
  /** The example file's own values are allowed (`npm run synth`'s offline check, tests): never for a deploy. */
  allowExample?: boolean;
}

/** Reads, overrides from the context, validates: every problem at once, each naming its setting. */
export function readDeploymentSettings(options: ReadSettingsOptions): DeploymentSettings {
  const { file } = options;
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new DeploymentSettingsError(file, [`not valid JSON (${(error as Error).message})`]);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new DeploymentSettingsError(file, ['not a JSON object']);
  }
  for (const [setting, key] of Object.entries(settingContextKeys)) {
    const value = options.context?.[key];
    if (value !== undefined) raw = { ...raw, [setting]: value === 'null' ? null : value };
  }
  const missing = requiredSettings.filter((setting) => raw[setting] === undefined);
  const problems = [...(existsSync(file) ? [] : [`no settings file ${file}`]), ...missing.map((setting) => `${setting}: missing`)];
  if (!options.allowExample) problems.push(...exampleValues(raw));
  const parsed = deploymentSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.') || '(root)';
      if (!missing.includes(path as (typeof requiredSettings)[number])) problems.push(`${path}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new DeploymentSettingsError(file, problems);
  const settings = parsed.data;
  if (!settings.mailFrom.replace(/>\s*$/, '').toLowerCase().endsWith(`@${settings.mailDomain}`)) {
    throw new DeploymentSettingsError(file, [
      `mailFrom: "${settings.mailFrom}" is not on the mail domain "${settings.mailDomain}": SES would refuse to send it`,
    ]);
  }
  return settings;
}
