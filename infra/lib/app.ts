import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadTenantDirectory, type TenantConfig } from '@entraide/core';
import { functionGroups, type FunctionGroup } from '@entraide/functions';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { backgroundFunctionGroups, type BackgroundFunctionGroup } from './background-functions.js';
import { bundleFunctionGroup, type FunctionBundle } from './bundling.js';
import { PlatformStack } from './platform-stack.js';
import { SiteStack, writeTenantIndex } from './site-stack.js';
import { buildSite } from '../../packages/site/build/build-site.js';
import { TenantStack, type ApiThrottle } from './tenant-stack.js';

export interface BuildAppOptions {
  /** The repository's root; found from the working directory when omitted. */
  repoRoot?: string;
  /** Where the tenant files are (`infra/tenants`), unless `tenants` is given. */
  tenantsDir?: string;
  /** Already loaded tenants: skips the directory. */
  tenants?: TenantConfig[];
  /** Where the cloud assembly goes (the CLI sets it through the environment). */
  outdir?: string;
  /** Where function bundles go; `infra/.bundles` by default. */
  bundleDir?: string;
  /** Where each group's `<group>/handler.ts` is; `functions/` by default. */
  functionsDir?: string;
  siteUrl?: string;
  mailDomain?: string;
  mailFrom?: string;
  configurationSetName?: string;
  throttle?: ApiThrottle;
  /** Ship source maps and turn `--enable-source-maps` on (slower cold starts). */
  sourceMaps?: boolean;
  /**
   * CDK's CloudFormation schema validation (on by default; `CDK_VALIDATION=false` also turns it off).
   * Off only where the templates were already validated, e.g. a second synth in a test.
   */
  cloudFormationValidation?: boolean;
  /** Extra context, over the feature flags of `infra/cdk.json`. */
  context?: Record<string, unknown>;
}

export const appDefaults = {
  siteUrl: 'https://entraide.example',
  mailDomain: 'entraide.example',
  mailFrom: 'Entraide <ne-pas-repondre@entraide.example>',
  configurationSetName: 'entraide',
  // Per tenant API. A commune in crisis sees bursts when a post is shared; the default account
  // limit (10,000 rps for every API) would let one tenant starve the others.
  throttle: { rateLimit: 50, burstLimit: 100 },
} as const;

/** The context keys an operator may set (in `infra/cdk.json` or with `cdk synth -c key=value`). */
export const contextKeys = {
  tenantsDir: 'entraide:tenantsDir',
  siteUrl: 'entraide:siteUrl',
  mailDomain: 'entraide:mailDomain',
  mailFrom: 'entraide:mailFrom',
  configurationSetName: 'entraide:configurationSetName',
  sourceMaps: 'entraide:sourceMaps',
} as const;

/** The site's context keys. */
export const siteContextKeys = {
  /** A map tile server (`https://tiles.example/{z}/{x}/{y}.png`); none: the map draws without tiles. */
  tileUrl: 'entraide:tileUrl',
  tileAttribution: 'entraide:tileAttribution',
  /** `ban` (the national address service, France, the default) or `stand-in` (a short local list). */
  geocoder: 'entraide:geocoder',
} as const;

export interface BuiltApp {
  app: App;
  platform: PlatformStack;
  tenantStacks: TenantStack[];
  site: SiteStack;
  bundles: Record<FunctionGroup | BackgroundFunctionGroup, FunctionBundle>;
}

export const platformStackName = 'Entraide-platform';
export const tenantStackName = (tenantId: string): string => `Entraide-${tenantId}`;
export const siteStackName = 'Entraide-site';

/**
 * The whole CDK app: the platform stack and one stack per tenant, checked by cdk-nag. Used by
 * `bin/app.ts` and by the tests, so both synthesize the same thing. An invalid tenant file throws
 * here, naming the file and the field.
 */
export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const repoRoot = options.repoRoot ?? findRepoRoot(process.cwd());
  const infraDir = join(repoRoot, 'infra');
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: { ...cdkJsonContext(infraDir), ...options.context },
    ...(options.cloudFormationValidation === false ? { builtinCloudFormationValidation: false } : {}),
  });
  // An option wins, then the context (`cdk synth -c entraide:siteUrl=https://…`), then the default.
  const setting = (key: keyof typeof contextKeys): string | undefined => {
    const value: unknown = options[key] ?? app.node.tryGetContext(contextKeys[key]);
    return value === undefined ? undefined : String(value);
  };
  const tenantsDir = setting('tenantsDir') ?? join(infraDir, 'tenants');
  const tenants = options.tenants ?? loadTenantDirectory(resolve(tenantsDir));
  const siteUrl = setting('siteUrl') ?? appDefaults.siteUrl;
  const mailDomain = setting('mailDomain') ?? appDefaults.mailDomain;
  const mailFrom = setting('mailFrom') ?? appDefaults.mailFrom;
  const configurationSetName = setting('configurationSetName') ?? appDefaults.configurationSetName;
  const throttle = options.throttle ?? appDefaults.throttle;
  const sourceMaps = options.sourceMaps ?? ['true', true].includes(app.node.tryGetContext(contextKeys.sourceMaps) as string | boolean);
  if (!URL.canParse(siteUrl)) throw new Error(`siteUrl "${siteUrl}" is not a URL: every mail links to it`);
  if (!mailFrom.replace(/>\s*$/, '').endsWith(`@${mailDomain}`)) {
    throw new Error(`mailFrom "${mailFrom}" is not on the mail domain "${mailDomain}": SES would refuse to send it`);
  }

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  // Once per synth, whatever the number of tenants: every tenant stack shares each group's asset.
  const functionsDir = options.functionsDir ?? join(repoRoot, 'functions');
  const bundles = Object.fromEntries(
    [...functionGroups, ...backgroundFunctionGroups].map((group) => [
      group,
      bundleFunctionGroup({
        group,
        entry: join(functionsDir, group, 'handler.ts'),
        bundleRoot: options.bundleDir ?? join(infraDir, '.bundles'),
        workingDirectory: repoRoot,
        sourceMap: sourceMaps,
      }),
    ]),
  ) as Record<FunctionGroup | BackgroundFunctionGroup, FunctionBundle>;

  const platform = new PlatformStack(app, platformStackName, {
    tags: { 'entraide:component': 'platform' },
    description: 'Entraide: what every tenant shares (mail identity and configuration set)',
    mailDomain,
    mailFrom,
    configurationSetName,
  });
  Tags.of(platform).add('entraide:component', 'platform');

  const tenantStacks = tenants.map((tenant) => {
    const stack = new TenantStack(app, tenantStackName(tenant.id), {
      // On the stack (CloudFormation propagates it, cost reports group by it) and on each resource.
      tags: { 'entraide:tenant': tenant.id },
      description: `Entraide tenant ${tenant.id}: ${tenant.name}`,
      tenant,
      bundles,
      siteUrl,
      mail: platform.mail,
      throttle,
      relay: platform.relay,
    });
    // The tenant's functions send mail through the platform's identity and configuration set.
    stack.addStackDependency(platform, 'SES identity and configuration set');
    Tags.of(stack).add('entraide:tenant', tenant.id);
    return stack;
  });

  // The site, built once per synth, with this deployment's tiles, geocoder and tenant index.
  const tileUrl = app.node.tryGetContext(siteContextKeys.tileUrl) as string | undefined;
  const geocoder = app.node.tryGetContext(siteContextKeys.geocoder) === 'stand-in' ? 'stand-in' : 'ban';
  const siteDir = join(options.bundleDir ?? join(infraDir, '.bundles'), 'site');
  buildSite({
    siteRoot: join(repoRoot, 'packages', 'site'),
    outDir: siteDir,
    runtimeConfig: {
      tileUrl: tileUrl ?? null,
      tileAttribution: String(app.node.tryGetContext(siteContextKeys.tileAttribution) ?? ''),
      geocoder,
    },
  });
  writeTenantIndex(siteDir, tenants);
  const site = new SiteStack(app, siteStackName, {
    description: 'Entraide: the site (S3 + CloudFront) and the routes to every tenant API',
    tenants,
    siteDir,
    tileOrigin: tileUrl ? new URL(tileUrl.replace(/\{[a-z]\}/g, '0')).origin : null,
    geocoder,
  });
  Tags.of(site).add('entraide:component', 'site');
  // Deployed after the tenants: it reads each tenant API's domain from the parameter the tenant
  // stack writes (no cross-stack export), so `cdk deploy --all` orders them, and a new tenant is
  // routed by deploying its stack and then this one.
  for (const stack of tenantStacks) site.addStackDependency(stack, 'reads its API domain parameter');

  return { app, platform, tenantStacks, site, bundles };
}

/** The feature flags and settings of `infra/cdk.json`, so tests synthesize what `cdk synth` does. */
function cdkJsonContext(infraDir: string): Record<string, unknown> {
  const file = join(infraDir, 'cdk.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

/** The closest folder, from `start` up, holding both `functions/routes.ts` and `infra/cdk.json`. */
export function findRepoRoot(start: string): string {
  let directory = resolve(start);
  for (;;) {
    if (existsSync(join(directory, 'functions', 'routes.ts')) && existsSync(join(directory, 'infra', 'cdk.json'))) {
      return directory;
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no Entraide repository (functions/routes.ts, infra/cdk.json) above ${start}`);
    directory = parent;
  }
}
