import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, ScanCommand, type AttributeValue, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { TenantConfigError } from '@entraide/core';
import { deployedTablePrefix, DynamoHttpClient, localTableName, type DocClient } from '@entraide/dynamodb-store';
import { localDocClient, localDynamoClient, startEmbeddedDynamo } from './embedded-servers.js';

/**
 * The tenants' tables as the operator's tools read them (`npm run report`, `npm run reindex`):
 * the embedded store of `npm start` under a data folder, or, with `--aws`, the deployed tables
 * through the AWS SDK with the operator's own credentials (its default chain: environment,
 * profile, SSO) and region; `AWS_ENDPOINT_URL_DYNAMODB` points both clients elsewhere, as the SDK reads it.
 */
export interface OperatorTables {
  source: 'local' | 'aws';
  /** The stores' client. */
  documents: DocClient;
  /** The SDK's client, for what the functions never do (list tables, scan). */
  sdk: DynamoDBClient;
  /** The tenant's table; undefined where it is not deployed. */
  tableOf(tenantId: string): string | undefined;
  close(): Promise<void>;
}

/** A Scan's items page after page (the operator's tools only: no function may scan a table). */
export async function* scanItems(
  sdk: DynamoDBClient,
  input: Omit<ScanCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, AttributeValue>> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await sdk.send(new ScanCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

/** `npm start` holds the data folder: its embedded DynamoDB (LevelDB) opens in one process at a time. */
class DataFolderInUseError extends Error {}

export async function deployedTables(): Promise<OperatorTables> {
  const sdk = new DynamoDBClient({});
  const [region, credentials] = await Promise.all([sdk.config.region(), sdk.config.credentials()]);
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await sdk.send(new ListTablesCommand({ ...(start ? { ExclusiveStartTableName: start } : {}) }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  const documents = new DynamoHttpClient({
    region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
  });
  return {
    source: 'aws',
    documents,
    sdk,
    tableOf: (tenantId) => names.find((name) => name.startsWith(deployedTablePrefix(tenantId))),
    close: async () => sdk.destroy(),
  };
}

/** The embedded store under `dataDir` (no running stack); `DataFolderInUseError` while `npm start` holds it. */
async function localTables(dataDir: string): Promise<OperatorTables> {
  const dynamoPath = join(dataDir, 'dynamodb');
  if (await dataDirIsLocked(dynamoPath)) throw new DataFolderInUseError(dataDir);
  const dynamo = await startEmbeddedDynamo({ port: 0, path: dynamoPath });
  const documents = localDocClient(dynamo.endpoint);
  const sdk = localDynamoClient(dynamo.endpoint);
  return {
    source: 'local',
    documents,
    sdk,
    tableOf: localTableName,
    close: async () => {
      documents.destroy();
      sdk.destroy();
      await dynamo.stop();
    },
  };
}

/** Tries the lock first, with the very LevelDB module dynalite uses: opening a held folder would crash. */
async function dataDirIsLocked(dynamoPath: string): Promise<boolean> {
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

/**
 * An operator's command on the tables (`aws`, by default `--aws` on the command line: the deployed
 * ones, else the embedded store under `dataDir`), closed after; a bad tenant file, or a data folder
 * `npm start` holds, is said in words with exit code 1.
 */
export async function runOnOperatorTables(
  dataDir: string,
  command: string,
  use: (tables: OperatorTables) => Promise<void>,
  options: { aws?: boolean } = {},
): Promise<void> {
  try {
    const tables = (options.aws ?? process.argv.includes('--aws')) ? await deployedTables() : await localTables(dataDir);
    try {
      await use(tables);
    } finally {
      await tables.close();
    }
  } catch (error) {
    if (error instanceof TenantConfigError) {
      console.error(error.message);
    } else if (error instanceof DataFolderInUseError) {
      console.error(
        [
          `The data folder ${dataDir} is in use by another process (most likely \`npm start\`):`,
          'its embedded DynamoDB (LevelDB) can be opened by one process at a time.',
          `Stop \`npm start\` (Ctrl-C) and run \`${command}\` again, or point DATA_DIR at another folder.`,
        ].join('\n'),
      );
    } else {
      throw error;
    }
    process.exitCode = 1;
  }
}
