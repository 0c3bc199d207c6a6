import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTenantDirectory, operatorReport, reportHtml, tenantFigures } from '@entraide/core';
import { DynamoStatsStore } from '@entraide/dynamodb-store';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { localDocClient, localDynamoClient, startEmbeddedDynamo } from '../../packages/local/src/embedded-servers.js';
import { readOperatorReport } from '../../packages/local/src/operator-report.js';
import { runOnOperatorTables } from '../../packages/local/src/operator-tables.js';
import { repositoryRoot, startTestPlatform, type TestPlatform } from '../support/platform.js';

/** `npm run report`, as the operator runs it: a separate process on a data folder. */
function runReport(dataDir: string): Promise<{ code: number; stdout: string; stderr: string; file: string }> {
  const file = join(dataDir, 'rapport.html');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(repositoryRoot, 'packages/local/src/report-main.ts')],
      { cwd: repositoryRoot, env: { ...process.env, DATA_DIR: dataDir, REPORT_FILE: file }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, file }),
    );
  });
}

const tenants = () => loadTenantDirectory(join(repositoryRoot, 'infra', 'tenants'));

/**
 * What `npm run report` reads and prints, run here rather than in a process of its own (one such
 * process, below, covers the command itself): the report of the tables `runOnOperatorTables`
 * opens, what it said on the error stream and the exit code it set.
 */
async function reportInProcess(dataDir: string, options: { aws?: boolean } = {}) {
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  let result: Awaited<ReturnType<typeof readOperatorReport>> | undefined;
  try {
    await runOnOperatorTables(
      dataDir,
      'npm run report',
      async (tables) => {
        result = await readOperatorReport(tables, tenants(), new Date());
      },
      { aws: options.aws ?? false },
    );
    return { result, exitCode: process.exitCode, stderr: errors.mock.calls.map((call) => call.join(' ')).join('\n') };
  } finally {
    errors.mockRestore();
    process.exitCode = undefined;
  }
}

/** A tenant's row of the printed table, found by its name (the report names tenants, not ids). */
const rowOf = (stdout: string, tenantName: string) =>
  stdout
    .split('\n')
    .find((line) => line.startsWith(`${tenantName} `))!
    .trim()
    .split(/\s{2,}/);

describe('npm run report', () => {
  // One data folder with the demo posts: held by a running platform first, then left by it.
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ seed: true });
  });
  afterAll(async () => {
    await platform?.cleanUp();
  });

  it('explains, without crashing, that npm start holds the data folder', async () => {
    const report = await reportInProcess(platform.dataDir);
    expect(report.exitCode).toBe(1);
    expect(report.stderr).toContain('npm start');
    expect(report.stderr).toContain(platform.dataDir);
    expect(report.result).toBeUndefined();
  });

  it('prints the table and writes the HTML page from the demo data, with no running stack', async () => {
    await platform.stop();
    const report = await runReport(platform.dataDir);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    // courbevoie's four demo posts: three offers, one request.
    expect(rowOf(report.stdout, 'Ville de Courbevoie')).toEqual([
      'Ville de Courbevoie',
      'commune',
      '4',
      '3',
      '1',
      ...Array.from({ length: 8 }, () => '0'),
    ]);
    expect(rowOf(report.stdout, 'Province de Namur (Belgique)')).toEqual([
      'Province de Namur (Belgique)',
      'province',
      '2',
      '1',
      '1',
      ...Array.from({ length: 8 }, () => '0'),
    ]);
    // orleans-metropole's demo mask campaign, read from its counter item: 60 kits handed out to 30 volunteers, 760 masks back.
    expect(rowOf(report.stdout, 'Orléans Métropole (22 communes)').slice(-5, -3)).toEqual(['60', '760']);
    // mulhouse's demo offers to health workers: two housing offers for one person each, 150 items of equipment.
    expect(rowOf(report.stdout, 'Ville de Mulhouse').slice(-3)).toEqual(['2', '2', '150']);
    // 16 demo posts (deux-sevres's Easter producers are listings, not posts).
    expect(report.stdout).toMatch(/TOTAL\s+7 collectivités\s+16\s/);
    expect(report.stdout).toMatch(/Récoltes\s+2\s+13 %/);
    expect(report.stdout).toContain('Collectivités par type : commune 4');
    const html = readFileSync(report.file, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('<td>Ville de Courbevoie</td><td>commune</td><td>4</td>');
    expect(html).not.toContain('<script');
  });

  it('shows zeros for tenants with no activity', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'entraide-report-'));
    try {
      const report = await reportInProcess(dataDir);
      expect(report.exitCode).toBeUndefined();
      expect(rowOf(report.result!.text, 'Ville de Paris')).toEqual(['Ville de Paris', 'commune', ...Array.from({ length: 11 }, () => '0')]);
      expect(report.result!.html).toContain('<td>Ville de Paris</td><td>commune</td><td>0</td>');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm run report -- --aws', () => {
  it('reads the deployed tenants’ tables, found by their stack’s name, with the operator’s credentials; names them', async () => {
    const dynamo = await startEmbeddedDynamo({ port: 0 });
    const client = localDynamoClient(dynamo.endpoint);
    const documents = localDocClient(dynamo.endpoint);
    const dataDir = mkdtempSync(join(tmpdir(), 'entraide-report-aws-'));
    try {
      // As CloudFormation names it in stack Entraide-courbevoie; another account's table beside it.
      const table = 'Entraide-courbevoie-TableCD117FA1-1Q2W3E4R5T6Y';
      await ensureTable(client, table);
      await ensureTable(client, 'something-else');
      await new DynamoStatsStore(documents, table).count('courbevoie', '2026-03-02', {
        'posts.created': 5,
        'posts.created.kind.offer': 2,
        'posts.created.kind.request': 3,
        connections: 4,
      });
      // The operator's environment, as the SDK's default chain reads it.
      const operatorEnv = {
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_REGION: 'eu-west-3',
        AWS_ACCESS_KEY_ID: 'operator',
        AWS_SECRET_ACCESS_KEY: 'operator-secret',
      };
      const saved = Object.fromEntries(Object.keys(operatorEnv).map((name) => [name, process.env[name]]));
      Object.assign(process.env, operatorEnv);
      let report: Awaited<ReturnType<typeof reportInProcess>>;
      try {
        report = await reportInProcess(dataDir, { aws: true });
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
      expect(report.stderr).toBe('');
      expect(report.exitCode).toBeUndefined();
      const { text, notDeployed } = report.result!;
      expect(rowOf(text, 'Ville de Courbevoie')).toEqual([
        'Ville de Courbevoie',
        'commune',
        '5',
        '2',
        '3',
        '4',
        ...Array.from({ length: 7 }, () => '0'),
      ]);
      expect(notDeployed).toContain('Ville de Paris');
      expect(text).not.toMatch(/^courbevoie /m);
    } finally {
      client.destroy();
      documents.destroy();
      await dynamo.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the report page', () => {
  it('escapes what it shows, in the table and in the charts', () => {
    const [tenant] = loadTenantDirectory(join(repositoryRoot, 'infra', 'tenants'));
    const figures = tenantFigures(
      { ...tenant!, name: 'Ville <script>alert(1)</script> & "Cie"' },
      { 'posts.created': 3, 'posts.created.use.residents': 3, 'drawings.status.published': 2 },
    );
    expect(figures.drawings).toBe(2);
    const html = reportHtml(operatorReport([figures], new Date('2026-11-25T08:00:00Z')));
    expect(html).not.toContain('<script>');
    expect(html).toContain('Ville &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Cie&quot;');
    expect(html).toContain('Entraide entre habitants (100 %)');
    expect(html).toContain('<th scope="col">Dessins publiés</th>');
  });
});
