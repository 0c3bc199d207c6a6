import { ConcurrentUpdateError, type DrawingRecord, type DrawingStore, type Page } from '@entraide/core';
import { conditionalWrite } from './conditions.js';
import { GetCommand, PutCommand, type DocClient, type Item } from './doc-client.js';
import { drawingKeys, recordOf } from './keys.js';
import { listPage, type IndexList } from './list-page.js';

const toItem = (drawing: DrawingRecord): Item => ({
  ...drawing,
  ...drawingKeys.drawing(drawing.tenantId, drawing.id),
  ...drawingKeys.statusIndex(drawing),
  ...drawingKeys.sectionIndex(drawing),
});

const toRecord = (item: Item): DrawingRecord => recordOf<DrawingRecord>(item);

/** The gallery's drawings on a tenant's table: one item each, its lists in its index keys, conditional puts on the version. */
export class DynamoDrawingStore implements DrawingStore {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async insert(drawing: DrawingRecord): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: toItem(drawing), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async get(tenantId: string, drawingId: string): Promise<DrawingRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: drawingKeys.drawing(tenantId, drawingId), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async replace(drawing: DrawingRecord, expectedVersion: number): Promise<void> {
    const written = await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(drawing),
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      ),
    );
    if (!written) throw new ConcurrentUpdateError();
  }

  async listPublished(tenantId: string, query: { limit: number; cursor?: string; section?: string }): Promise<Page<DrawingRecord>> {
    const list: IndexList = query.section
      ? { index: 'gsi2', pkName: 'gsi2pk', skName: 'gsi2sk', pk: drawingKeys.sectionList(tenantId, query.section) }
      : { index: 'gsi1', pkName: 'gsi1pk', skName: 'gsi1sk', pk: drawingKeys.list(tenantId, 'DRAWINGS') };
    const { items, nextCursor } = await listPage(this.client, this.tableName, tenantId, list, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { items: items.map(toRecord), nextCursor };
  }

  async listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<DrawingRecord>> {
    const list = { index: 'gsi1', pkName: 'gsi1pk', skName: 'gsi1sk', pk: drawingKeys.list(tenantId, 'DRAWING_MODERATION') };
    const { items, nextCursor } = await listPage(this.client, this.tableName, tenantId, list, { ...query, oldestFirst: true });
    return { items: items.map(toRecord), nextCursor };
  }
}
