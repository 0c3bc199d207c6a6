import { ScanCommand, type DynamoDBClient, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** Every item of the table, by Scan pages, and what the Scan read: the full-scan baseline of the benches. */
export async function scanAll(low: DynamoDBClient, tableName: string) {
  const items: Record<string, unknown>[] = [];
  let read = 0;
  let queries = 0;
  let start: ScanCommandInput['ExclusiveStartKey'];
  do {
    const page = await low.send(new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    queries += 1;
    read += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) items.push(unmarshall(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, read, queries };
}
