import { conditionalWrite, putIfVersion } from './conditions.js';
import { GetCommand, PutCommand, UpdateCommand, type DocClient, type Item } from './doc-client.js';
import { type OrientationRecord, type Page, type WishRecord, type WishStatus, type WishStore } from '@entraide/core';
import { recordOf, wishKeys } from './keys.js';
import { oldestFirstPage } from './list-page.js';

/** Residents' wishes to help and staff's orientations on a tenant's table: single-item conditional writes only. */
export class DynamoWishStore implements WishStore {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async insertWish(wish: WishRecord): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: this.wishItem(wish), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async getWish(tenantId: string, wishId: string): Promise<WishRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: wishKeys.wish(tenantId, wishId), ConsistentRead: true }),
    );
    return Item ? recordOf<WishRecord>(Item) : undefined;
  }

  async replaceWish(wish: WishRecord, expectedVersion: number): Promise<void> {
    await putIfVersion(this.client, this.tableName, this.wishItem(wish), expectedVersion);
  }

  async listWishes(tenantId: string, status: WishStatus, paging: { limit: number; cursor?: string }): Promise<Page<WishRecord>> {
    const page = await oldestFirstPage(
      this.client,
      this.tableName,
      tenantId,
      { index: 'gsi1', pkName: 'gsi1pk', skName: 'gsi1sk', pk: wishKeys.statusList(tenantId, status) },
      paging,
    );
    return { items: page.items.map((item) => recordOf<WishRecord>(item)), nextCursor: page.nextCursor };
  }

  async insertOrientation(orientation: OrientationRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...orientation, ...wishKeys.orientation(orientation.tenantId, orientation.id) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getOrientation(tenantId: string, orientationId: string): Promise<OrientationRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: wishKeys.orientation(tenantId, orientationId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const record = recordOf<OrientationRecord & { followedSet?: Set<number> }>(Item);
    const { followedSet, ...orientation } = record;
    return { ...orientation, followed: [...(followedSet ?? [])].map(Number).sort((a, b) => a - b) };
  }

  async markFollowed(tenantId: string, orientationId: string, index: number): Promise<boolean> {
    // A number set: adding the index again is refused by the condition, so each suggestion counts once.
    return conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: wishKeys.orientation(tenantId, orientationId),
          UpdateExpression: 'ADD followedSet :index',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(followedSet, :one)',
          ExpressionAttributeValues: { ':index': new Set([index]), ':one': index },
        }),
      ),
    );
  }

  private wishItem(wish: WishRecord): Item {
    return { ...wish, ...wishKeys.wish(wish.tenantId, wish.id), ...wishKeys.byStatus(wish.tenantId, wish.status, wish.createdAt, wish.id) };
  }
}
