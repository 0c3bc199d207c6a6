import { GetCommand, PutCommand, UpdateCommand, type DocClient, type Item } from './doc-client.js';
import type { StatsStore } from '@entraide/core';
import { statsKeys } from './keys.js';
import { queryPages } from './query.js';

const keyAndMetaAttributes = new Set(['pk', 'sk']);

function countsOf(item: Item | undefined): Record<string, number> {
  return Object.fromEntries(
    Object.entries(item ?? {}).filter(
      (entry): entry is [string, number] => !keyAndMetaAttributes.has(entry[0]) && typeof entry[1] === 'number',
    ),
  );
}

/** `ADD #c0 :v0, #c1 :v1 …`: counter names are any string (dots included), always as placeholders. */
function addExpression(counts: Record<string, number>) {
  const entries = Object.entries(counts).filter(([, value]) => Number.isFinite(value) && value !== 0);
  return {
    expression: entries.map((_, index) => `#c${index} :v${index}`).join(', '),
    names: Object.fromEntries(entries.map(([name], index) => [`#c${index}`, name])),
    values: Object.fromEntries(entries.map(([, value], index) => [`:v${index}`, value])),
    empty: entries.length === 0,
  };
}

/** Counters by atomic ADD on one item per day: one Query reads a period. */
export class DynamoStatsStore implements StatsStore {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async count(tenantId: string, day: string, counts: Record<string, number>): Promise<void> {
    const add = addExpression(counts);
    if (add.empty) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: statsKeys.day(tenantId, day),
        UpdateExpression: `ADD ${add.expression}`,
        ExpressionAttributeNames: add.names,
        ExpressionAttributeValues: add.values,
      }),
    );
  }

  async readDays(tenantId: string, fromDay: string, toDay: string) {
    const { items } = await queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': statsKeys.day(tenantId, fromDay).pk,
        ':from': statsKeys.day(tenantId, fromDay).sk,
        ':to': statsKeys.day(tenantId, toDay).sk,
      },
    });
    return items.map((item) => ({ day: statsKeys.dayOf(String(item.sk)), counts: countsOf(item) }));
  }

  async lastDigest(tenantId: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: statsKeys.digest(tenantId), ConsistentRead: true }),
    );
    if (typeof Item?.at !== 'string' || typeof Item.day !== 'string') return undefined;
    return { at: Item.at, day: Item.day, reportedOfDay: countsOf(Item.reportedOfDay as Item | undefined) };
  }

  async recordDigest(tenantId: string, digest: { at: string; day: string; reportedOfDay: Record<string, number> }): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...statsKeys.digest(tenantId), ...digest } }));
  }
}
