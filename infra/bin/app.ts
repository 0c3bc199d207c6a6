import { join } from 'node:path';
import { TenantConfigError } from '@entraide/core';
import { buildApp } from '../lib/app.js';

// `cdk synth` runs this from infra/ (see cdk.json); the CLI passes the outdir and the context
// (`-c entraide:siteUrl=https://…`, see `contextKeys` in lib/app.ts).
try {
  const { app } = buildApp({ repoRoot: join(import.meta.dirname, '..', '..') });
  app.synth();
} catch (error) {
  // The file and the field are the whole story: no stack trace to scroll past.
  if (!(error instanceof TenantConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
