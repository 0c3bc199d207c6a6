import { join } from 'node:path';
import { TenantConfigError } from '@entraide/core';
import { buildApp, platformStackName, siteStackName } from '../lib/app.js';
import { DeploymentSettingsError } from '../lib/settings.js';

// `cdk synth` runs this from the repository's root (see cdk.json); the CLI passes the outdir and the
// context (`-c entraide:siteUrl=https://…`, see `contextKeys` in lib/app.ts and lib/settings.ts).
try {
  const { app } = buildApp({ repoRoot: join(import.meta.dirname, '..', '..') });
  app.synth();
} catch (error) {
  // The file and the field (or the setting) are the whole story: no stack trace to scroll past.
  if (!(error instanceof TenantConfigError || error instanceof DeploymentSettingsError)) throw error;
  if (error instanceof DeploymentSettingsError) {
    console.error(`${platformStackName}, ${siteStackName} and the tenants' stacks were not synthesized (nothing to deploy):`);
  }
  console.error(error.message);
  process.exit(1);
}
