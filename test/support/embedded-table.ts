import { ensureTable } from '../../packages/dynamodb-store/src/create-table.js';
import type { DocClient, Item } from '../../packages/dynamodb-store/src/doc-client.js';
import { localDocClient, localDynamoClient, startEmbeddedDynamo, type RunningServer } from '../../packages/local/src/embedded-servers.js';

/**
 * One embedded DynamoDB and one table for a whole suite (started before its tests, stopped after):
 * `suite.documents` is a document client on it, once the suite runs.
 */
export function embeddedTable(table: string): {
  readonly documents: DocClient;
  /** The SDK's client on the same server, for what the stores never send (a Scan). */
  readonly sdk: ReturnType<typeof localDynamoClient>;
  readonly table: string;
} {
  let server: RunningServer;
  let client: ReturnType<typeof localDynamoClient>;
  let documents: ReturnType<typeof localDocClient>;
  beforeAll(async () => {
    server = await startEmbeddedDynamo({ port: 0 });
    client = localDynamoClient(server.endpoint);
    await ensureTable(client, table);
    documents = localDocClient(server.endpoint);
  });
  afterAll(async () => {
    client.destroy();
    documents.destroy();
    await server.stop();
  });
  return {
    get documents() {
      return documents;
    },
    get sdk() {
      return client;
    },
    table,
  };
}

/** A document client whose commands `failing` picks throw, as a dropped connection would (a fault the real server cannot make on demand). */
export function faultyClient(inner: DocClient, failing: (operation: string, input: { Item?: Item }) => boolean): DocClient {
  return {
    send: (async (command: { operation: string; input: { Item?: Item } }) => {
      if (failing(command.operation, command.input)) throw new Error('injected fault: the connection dropped');
      return inner.send(command as never);
    }) as DocClient['send'],
  } as DocClient;
}
