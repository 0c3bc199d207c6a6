import { ConcurrentUpdateError, type Page, type RecognitionRecord, type RecognitionStatus, type RecognitionStore } from '@entraide/core';
import { conditionalWrite, putIfVersion } from './conditions.js';
import { DeleteCommand, GetCommand, PutCommand, type DocClient, type Item } from './doc-client.js';
import { recognitionKeys, recordOf } from './keys.js';
import { oldestFirstPage } from './list-page.js';

/** Health workers' recognitions on a tenant's table: one item per address, conditional puts on its version. */
export class DynamoRecognitionStore implements RecognitionStore {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, id: string): Promise<RecognitionRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: recognitionKeys.recognition(tenantId, id), ConsistentRead: true }),
    );
    return Item ? recordOf<RecognitionRecord>(Item) : undefined;
  }

  async insert(record: RecognitionRecord): Promise<void> {
    const written = await conditionalWrite(
      this.client.send(
        new PutCommand({ TableName: this.tableName, Item: this.item(record), ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    );
    if (!written) throw new ConcurrentUpdateError();
  }

  async replace(record: RecognitionRecord, expectedVersion: number): Promise<void> {
    await putIfVersion(this.client, this.tableName, this.item(record), expectedVersion);
  }

  async remove(tenantId: string, id: string, expectedVersion: number): Promise<void> {
    const removed = await conditionalWrite(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: recognitionKeys.recognition(tenantId, id),
          ConditionExpression: 'attribute_not_exists(pk) OR #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      ),
    );
    if (!removed) throw new ConcurrentUpdateError();
  }

  async list(tenantId: string, status: RecognitionStatus, paging: { limit: number; cursor?: string }): Promise<Page<RecognitionRecord>> {
    const page = await oldestFirstPage(
      this.client,
      this.tableName,
      tenantId,
      { index: 'gsi1', pkName: 'gsi1pk', skName: 'gsi1sk', pk: recognitionKeys.statusList(tenantId, status) },
      paging,
    );
    return { items: page.items.map((item) => recordOf<RecognitionRecord>(item)), nextCursor: page.nextCursor };
  }

  private item(record: RecognitionRecord): Item {
    return {
      ...record,
      ...recognitionKeys.recognition(record.tenantId, record.id),
      ...recognitionKeys.byStatus(record.tenantId, record.status, record.createdAt, record.id),
    };
  }
}
