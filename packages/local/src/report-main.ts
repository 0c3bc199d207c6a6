import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadTenantDirectory } from '@entraide/core';
import { readOperatorReport } from './operator-report.js';
import { runOnOperatorTables } from './operator-tables.js';

/**
 * `npm run report`: the operator's cross-tenant report (operator-report.ts), on the embedded store
 * under DATA_DIR with no running stack, or with `-- --aws` on the deployed tenants' tables, with
 * the operator's AWS credentials. Prints a table and writes an HTML page with SVG charts
 * (REPORT_FILE, default `<DATA_DIR>/rapport-operateur.html`). It writes nothing to any table.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const dataDir = resolve(repositoryRoot, process.env.DATA_DIR || '.data');
const reportFile = resolve(repositoryRoot, process.env.REPORT_FILE || join(dataDir, 'rapport-operateur.html'));

await runOnOperatorTables(dataDir, 'npm run report', async (tables) => {
  const tenants = loadTenantDirectory(join(repositoryRoot, 'infra', 'tenants'));
  const { text, html, notDeployed } = await readOperatorReport(tables, tenants, new Date());
  console.log(text);
  if (notDeployed.length) console.log(`Sans table déployée : ${notDeployed.join(', ')}`);
  mkdirSync(dirname(reportFile), { recursive: true });
  writeFileSync(reportFile, html);
  console.log(`Page HTML : ${reportFile}`);
});
