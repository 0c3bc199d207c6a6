import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadTenantDirectory, type TenantConfig } from '@entraide/core';
import { functionGroups } from '@entraide/functions';
import { App, CfnRule, Fn, Tags, Validations, type Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { backgroundFunctionGroups, sectionFunctionGroups, sharedFunctionGroups, type AnyFunctionGroup } from './background-functions.js';
import { bundleFunctionGroup, type FunctionBundle } from './bundling.js';
import { lambdaNativeModules, nativeModulesOf } from './native-modules.js';
import { PlatformStack } from './platform-stack.js';
import { readDeploymentSettings, settingContextKeys, type DeploymentSettings } from './settings.js';
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
  /** The deployment's settings file; `infra/settings.json` (or the context's `entraide:settings`) by default. */
  settingsFile?: string;
  /**
   * Synthesize with `infra/settings.example.json` (`npm run synth`'s offline check, the tests): every
   * stack then carries a rule that makes CloudFormation refuse to deploy it.
   */
  exampleSettings?: boolean;
  throttle?: ApiThrottle;
  /** Ship source maps and turn `--enable-source-maps` on (slower cold starts). */
  sourceMaps?: boolean;
  /**
   * CDK's CloudFormation schema validation (on by default; `CDK_VALIDATION=false` also turns it off).
   * Off only where the templates were already validated, e.g. a second synth in a test.
   */
  cloudFormationValidation?: boolean;
  /**
   * cdk-nag's AwsSolutions checks (default on; `cdk synth` always runs them). Off only for a synth
   * that reads templates another synth of the same sources has checked (the determinism test).
   */
  nag?: boolean;
  /**
   * The function groups' bundles, already built from these sources by `bundleFunctionGroup` (another
   * synth's, with the same source-map setting): used as they are instead of bundling again.
   */
  bundles?: Record<AnyFunctionGroup, FunctionBundle>;
  /** Extra context, over the feature flags of `cdk.json`. */
  context?: Record<string, unknown>;
}

export const appDefaults = {
  // Per tenant API. A commune in crisis sees bursts when a post is shared; the default account
  // limit (10,000 rps for every API) would let one tenant starve the others.
  throttle: { rateLimit: 50, burstLimit: 100 },
} as const;

/** The context keys an operator may set (in `cdk.json` or with `cdk synth -c key=value`), besides each setting's (settings.ts). */
export const contextKeys = {
  tenantsDir: 'entraide:tenantsDir',
  /** The settings file, relative to the repository's root (`infra/settings.json` by default). */
  settings: 'entraide:settings',
  /** `true`: synthesize with the example settings, for an offline check; the templates refuse to deploy. */
  exampleSettings: 'entraide:exampleSettings',
  sourceMaps: 'entraide:sourceMaps',
} as const;

/** The example settings (`infra/settings.example.json`), as `npm run synth` and the tests use them. */
export const exampleSettingsFile = (repoRoot: string): string => join(repoRoot, 'infra', 'settings.example.json');

/** The example settings, read and validated as a synth reads them. */
export const exampleSettings = (repoRoot: string): DeploymentSettings =>
  readDeploymentSettings({ file: exampleSettingsFile(repoRoot), allowExample: true });

export interface BuiltApp {
  app: App;
  platform: PlatformStack;
  tenantStacks: TenantStack[];
  site: SiteStack;
  bundles: Record<AnyFunctionGroup, FunctionBundle>;
  settings: DeploymentSettings;
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
    context: { ...cdkJsonContext(repoRoot), ...options.context },
    ...(options.cloudFormationValidation === false ? { builtinCloudFormationValidation: false } : {}),
  });
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const tenantsDir = options.tenantsDir ?? (context(contextKeys.tenantsDir) as string | undefined) ?? join(infraDir, 'tenants');
  const tenants = options.tenants ?? loadTenantDirectory(resolve(tenantsDir));
  // The settings: the file, each value overridable from the context; a missing or example value throws, naming it.
  const useExample = options.exampleSettings ?? ['true', true].includes(context(contextKeys.exampleSettings) as string | boolean);
  const settingsFile = useExample
    ? exampleSettingsFile(repoRoot)
    : (options.settingsFile ?? resolve(repoRoot, (context(contextKeys.settings) as string | undefined) ?? join('infra', 'settings.json')));
  const settingsContext = Object.fromEntries(Object.values(settingContextKeys).map((key) => [key, context(key)]));
  const settings = readDeploymentSettings({ file: settingsFile, context: settingsContext, allowExample: useExample });
  const { siteUrl, mailDomain, mailFrom, configurationSetName } = settings;
  const throttle = options.throttle ?? appDefaults.throttle;
  const sourceMaps = options.sourceMaps ?? ['true', true].includes(context(contextKeys.sourceMaps) as string | boolean);
  const env = { region: settings.region };

  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  // Once per synth, whatever the number of tenants: every tenant stack shares each group's asset.
  const functionsDir = options.functionsDir ?? join(repoRoot, 'functions');
  const bundles =
    options.bundles ??
    (Object.fromEntries(
      [...functionGroups, ...backgroundFunctionGroups, ...sharedFunctionGroups, ...sectionFunctionGroups].map((group) => {
        const natives = nativeModulesOf[group];
        return [
          group,
          bundleFunctionGroup({
            group,
            entry: join(functionsDir, group, 'handler.ts'),
            bundleRoot: options.bundleDir ?? join(infraDir, '.bundles'),
            workingDirectory: repoRoot,
            sourceMap: sourceMaps,
            ...(natives ? { nodeModules: { names: natives, from: lambdaNativeModules(repoRoot) } } : {}),
          }),
        ];
      }),
    ) as Record<AnyFunctionGroup, FunctionBundle>);

  const platform = new PlatformStack(app, platformStackName, {
    env,
    tags: { 'entraide:component': 'platform' },
    description: 'Entraide: what every tenant shares (mail identity and configuration set)',
    mailDomain,
    mailFrom,
    configurationSetName,
    bundle: bundles['mail-dispatch'],
    alarmEmail: settings.alarmEmail,
  });
  Tags.of(platform).add('entraide:component', 'platform');

  // The site, built once per synth, with this deployment's tiles, geocoder and tenant index.
  const { tileUrl, geocoder } = settings;
  const siteDir = join(options.bundleDir ?? join(infraDir, '.bundles'), 'site');
  buildSite({
    siteRoot: join(repoRoot, 'packages', 'site'),
    outDir: siteDir,
    runtimeConfig: {
      tileUrl: tileUrl ?? null,
      tileAttribution: settings.tileAttribution,
      geocoder,
    },
  });
  writeTenantIndex(siteDir, tenants);
  const site = new SiteStack(app, siteStackName, {
    env,
    description: 'Entraide: the site (S3 + CloudFront) and the routes to every tenant API',
    bundle: bundles['tenant-routes'],
    siteDir,
    tileOrigin: tileUrl ? new URL(tileUrl.replace(/\{[a-z]\}/g, '0')).origin : null,
    geocoder,
    domainName: new URL(siteUrl).hostname,
    certificateArn: settings.certificate.arn,
  });
  Tags.of(site).add('entraide:component', 'site');
  const tenantStacks = tenants.map((tenant) => {
    const stack = new TenantStack(app, tenantStackName(tenant.id), {
      env,
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
    // Its route is a key of the site's KeyValueStore, written by the site's provider: the site first. A
    // new tenant is routed by deploying its stack alone; the site is redeployed only to list it on the
    // home page (tenants.json).
    stack.addStackDependency(site, 'the routing KeyValueStore and its provider');
    Tags.of(stack).add('entraide:tenant', tenant.id);
    return stack;
  });

  // The example settings make templates worth checking, never deploying: CloudFormation refuses each stack.
  if (useExample) for (const stack of [platform, ...tenantStacks, site]) refuseDeploy(stack);

  return { app, platform, tenantStacks, site, bundles, settings };
}

/**
 * A rule CloudFormation checks before creating or updating the stack, false on purpose: a template
 * synthesized with the example settings is refused at deploy, whatever the CLI was asked.
 */
function refuseDeploy(stack: Stack): void {
  new CfnRule(stack, 'ExampleSettingsNotDeployable', {
    assertions: [
      {
        assert: Fn.conditionEquals('example-settings', 'deployable'),
        assertDescription:
          'Synthesized with infra/settings.example.json (npm run synth): set infra/settings.json and synthesize again to deploy.',
      },
    ],
  });
}

/** The feature flags and settings of `cdk.json`, so tests synthesize what `cdk synth` does. */
function cdkJsonContext(repoRoot: string): Record<string, unknown> {
  const file = join(repoRoot, 'cdk.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

/** The closest folder, from `start` up, holding both `functions/routes.ts` and `cdk.json`. */
export function findRepoRoot(start: string): string {
  let directory = resolve(start);
  for (;;) {
    if (existsSync(join(directory, 'functions', 'routes.ts')) && existsSync(join(directory, 'cdk.json'))) {
      return directory;
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no Entraide repository (functions/routes.ts, cdk.json) above ${start}`);
    directory = parent;
  }
}
