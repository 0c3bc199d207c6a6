import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  loadTenantDirectory,
  operatorReport,
  readCampaignFigures,
  reportHtml,
  reportText,
  sumCounts,
  tenantFigures,
  type CampaignFigures,
} from '@entraide/core';
import { DynamoCampaignStore, DynamoStatsStore } from '@entraide/dynamodb-store';
import { runOnOperatorTables } from './operator-tables.js';

/**
 * `npm run report`: the operator's cross-tenant report, from every tenant's day counters read
 * through the store port (`StatsStore`): on the embedded store under DATA_DIR with no running
 * stack, or with `-- --aws` on the deployed tenants' tables, with the operator's AWS credentials.
 * Prints a table and writes an HTML page with SVG charts (REPORT_FILE, default
 * `<DATA_DIR>/rapport-operateur.html`). It writes nothing to any table.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const dataDir = resolve(repositoryRoot, process.env.DATA_DIR || '.data');
const reportFile = resolve(repositoryRoot, process.env.REPORT_FILE || join(dataDir, 'rapport-operateur.html'));

await runOnOperatorTables(dataDir, 'npm run report', async (tables) => {
  const tenants = loadTenantDirectory(join(repositoryRoot, 'infra', 'tenants'));
  const figures = [];
  const notDeployed: string[] = [];
  for (const tenant of tenants) {
    const table = tables.tableOf(tenant.id);
    if (!table) {
      notDeployed.push(tenant.name);
      continue;
    }
    const stats = new DynamoStatsStore(tables.documents, table);
    const campaigns = new DynamoCampaignStore(tables.documents, table);
    let days: { day: string; counts: Record<string, number> }[] = [];
    const campaignFigures: CampaignFigures[] = [];
    try {
      days = await stats.readDays(tenant.id, '0000-01-01', '9999-12-31');
      // Each campaign's figures as its counter item has them (the report writes nothing).
      for (const section of tenant.sections) {
        if (section.type === 'campaign') campaignFigures.push(await readCampaignFigures(tenant, campaigns, section.id));
      }
    } catch (error) {
      // A tenant never started locally has no table yet: it shows zeros.
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    }
    figures.push(tenantFigures(tenant, sumCounts(days), campaignFigures));
  }
  const report = operatorReport(figures, new Date());
  console.log(reportText(report));
  if (notDeployed.length) console.log(`Sans table déployée : ${notDeployed.join(', ')}`);
  mkdirSync(dirname(reportFile), { recursive: true });
  writeFileSync(reportFile, reportHtml(report));
  console.log(`Page HTML : ${reportFile}`);
});
