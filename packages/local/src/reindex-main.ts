import { join, resolve } from 'node:path';
import { loadTenantDirectory } from '@entraide/core';
import { runOnOperatorTables } from './operator-tables.js';
import { reindexTenant } from './reindex.js';

/**
 * `npm run reindex [-- --aws]`: once, after deploying the lists by expiry, the missions' list by place or the geographic
 * keys on the Hilbert curve (decision 0027), on the embedded store
 * under DATA_DIR or on the deployed tables with the operator's AWS credentials (reindex.ts).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const dataDir = resolve(repositoryRoot, process.env.DATA_DIR || '.data');

await runOnOperatorTables(dataDir, 'npm run reindex', async (tables) => {
  for (const tenant of loadTenantDirectory(join(repositoryRoot, 'infra', 'tenants'))) {
    const table = tables.tableOf(tenant.id);
    if (!table) {
      console.log(`${tenant.name} : pas de table déployée`);
      continue;
    }
    try {
      const done = await reindexTenant(tenant, { ...tables, table });
      console.log(
        `${tenant.name} : ${done.posts} annonce(s) publiée(s) indexée(s), ${done.alerts} alerte(s) datée(s), ${done.missions} mission(s) publiée(s) placée(s), ${done.listings} fiche(s) de l'annuaire reclassée(s), ${done.removed} entrée(s) de l'ancien index supprimée(s), ${done.densityCorrected} compte(s) du résumé de densité corrigé(s)`,
      );
    } catch (error) {
      // A tenant never started locally has no table yet: nothing to repair.
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      console.log(`${tenant.name} : pas de table`);
    }
  }
});
