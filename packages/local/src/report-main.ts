import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import {
  loadTenantDirectory,
  operatorReport,
  readCampaignFigures,
  reportHtml,
  reportText,
  sumCounts,
  tenantFigures,
  TenantConfigError,
  type CampaignFigures,
} from '@entraide/core';
import { DynamoCampaignStore, DynamoStatsStore, localTableName } from '@entraide/dynamodb-store';
import { localDocClient, startEmbeddedDynamo, type RunningServer } from './embedded-servers.js';

/**
 * `npm run report`: the operator's cross-tenant report, from every tenant's day counters read
 * through the store port (`StatsStore`), on the embedded store under DATA_DIR with no running
 * stack. Prints a table and writes an HTML page with SVG charts (REPORT_FILE, default
 * `<DATA_DIR>/rapport-operateur.html`).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const dataDir = resolve(repositoryRoot, process.env.DATA_DIR || '.data');
const dynamoPath = join(dataDir, 'dynamodb');
const reportFile = resolve(repositoryRoot, process.env.REPORT_FILE || join(dataDir, 'rapport-operateur.html'));

/**
 * dynalite keeps its data in LevelDB, which one process at a time may open: while `npm start`
 * runs on this folder, opening it again would crash. Try the lock first, with the very LevelDB
 * module dynalite uses.
 */
async function dataDirIsLocked(): Promise<boolean> {
  const requireHere = createRequire(import.meta.url);
  const { Level } = createRequire(requireHere.resolve('dynalite'))('level') as {
    Level: new (path: string) => { open(): Promise<void>; close(): Promise<void> };
  };
  mkdirSync(dynamoPath, { recursive: true });
  const probe = new Level(dynamoPath);
  try {
    await probe.open();
    await probe.close();
    return false;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED' || /lock/i.test(String((error as Error).message) + String(cause))) return true;
    throw error;
  }
}

async function main(): Promise<number> {
  const tenants = loadTenantDirectory(join(repositoryRoot, 'infra', 'tenants'));
  if (await dataDirIsLocked()) {
    console.error(
      [
        `The data folder ${dataDir} is in use by another process (most likely \`npm start\`):`,
        'its embedded DynamoDB (LevelDB) can be opened by one process at a time.',
        'Stop `npm start` (Ctrl-C) and run `npm run report` again, or point DATA_DIR at another folder.',
      ].join('\n'),
    );
    return 1;
  }
  let dynamo: RunningServer | undefined;
  const client = await (async () => {
    dynamo = await startEmbeddedDynamo({ port: 0, path: dynamoPath });
    return localDocClient(dynamo.endpoint);
  })();
  try {
    const figures = [];
    for (const tenant of tenants) {
      const stats = new DynamoStatsStore(client, localTableName(tenant.id));
      const campaigns = new DynamoCampaignStore(client, localTableName(tenant.id));
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
    mkdirSync(dirname(reportFile), { recursive: true });
    writeFileSync(reportFile, reportHtml(report));
    console.log(`Page HTML : ${reportFile}`);
    return 0;
  } finally {
    client.destroy();
    await dynamo?.stop();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof TenantConfigError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
