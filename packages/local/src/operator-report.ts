import {
  operatorReport,
  readCampaignFigures,
  reportHtml,
  reportText,
  sumCounts,
  tenantFigures,
  type CampaignFigures,
  type TenantConfig,
} from '@entraide/core';
import { DynamoCampaignStore, DynamoStatsStore } from '@entraide/dynamodb-store';
import type { OperatorTables } from './operator-tables.js';

/**
 * `npm run report`'s reading: every tenant's day counters and campaign figures, through the store
 * ports, from the tables given (the embedded store or the deployed ones); a tenant with no table
 * shows zeros, one not deployed is named. Writes nothing to any table.
 */
export async function readOperatorReport(
  tables: OperatorTables,
  tenants: TenantConfig[],
  now: Date,
): Promise<{ text: string; html: string; notDeployed: string[] }> {
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
  const report = operatorReport(figures, now);
  return { text: reportText(report), html: reportHtml(report), notDeployed };
}
