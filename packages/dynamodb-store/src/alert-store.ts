import { conditionalWrite } from './conditions.js';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DocClient, type Item } from './doc-client.js';
import {
  alertCells,
  ConcurrentUpdateError,
  unverifiedAlertLifetimeDays,
  type AlertRecord,
  type AlertStore,
  type AlertTarget,
  type Cell,
  type PendingMatch,
} from '@entraide/core';
import {
  alertCellKeys,
  alertCellPartition,
  alertExpiringIndex,
  alertKeys,
  alertMatchKeys,
  alertMatchPrefix,
  pendingDigestKeys,
  pendingDigestPartition,
  recordOf,
} from './keys.js';
import { queryPages } from './query.js';

const dayMs = 24 * 60 * 60 * 1000;

export class DynamoAlertStore implements AlertStore {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async insert(alert: AlertRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        // An address never confirmed is forgotten after a week.
        Item: {
          ...alert,
          ...alertKeys(alert.tenantId, alert.id),
          purgeAt: Math.floor((Date.parse(alert.createdAt) + unverifiedAlertLifetimeDays * dayMs) / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(tenantId: string, alertId: string): Promise<AlertRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: alertKeys(tenantId, alertId), ConsistentRead: true }),
    );
    return Item && Item.sk === alertKeys(tenantId, alertId).sk ? recordOf<AlertRecord>(Item) : undefined;
  }

  /**
   * Files the alert in the alert index, then marks it active: if the second write fails, entries of
   * a pending alert only lead to matches that the digest drops (it mails active alerts only), and
   * the resident's next click on the link writes both again.
   */
  async activate(alert: AlertRecord, expectedVersion: number): Promise<void> {
    await this.fileInIndex(alert);
    await this.update(alert, expectedVersion);
  }

  /**
   * Puts the alert's entries under each cell of its disc, as activating it does (idempotent): the
   * repair that files an active alert again on the index's curve (`npm run reindex`).
   */
  async fileInIndex(alert: AlertRecord): Promise<void> {
    await Promise.all(
      alertCells(alert.near, alert.radiusKm).map((cell) =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...alertCellKeys(alert.tenantId, cell, alert.id),
              alertId: alert.id,
              lat: alert.near.lat,
              lon: alert.near.lon,
              radiusKm: alert.radiusKm,
              ...(alert.category ? { category: alert.category } : {}),
              ...(alert.kind ? { kind: alert.kind } : {}),
            },
          }),
        ),
      ),
    );
  }

  async update(alert: AlertRecord, expectedVersion: number): Promise<void> {
    const written = await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...alert,
            ...alertKeys(alert.tenantId, alert.id),
            // In the list by expiry while active; TTL only as a backstop: the job erases it with its index entries.
            ...(alert.status === 'active' && alert.expiresAt
              ? {
                  ...alertExpiringIndex(alert.tenantId, alert.expiresAt, alert.id),
                  purgeAt: Math.floor((Date.parse(alert.expiresAt) + unverifiedAlertLifetimeDays * dayMs) / 1000),
                }
              : {}),
          },
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      ),
    );
    if (!written) throw new ConcurrentUpdateError();
  }

  async expiringBy(tenantId: string, until: Date, limit: number): Promise<AlertRecord[]> {
    const { gsi1pk } = alertExpiringIndex(tenantId, '', '');
    const { items } = await queryPages(
      this.client,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :list AND gsi1sk <= :until',
        ExpressionAttributeValues: { ':list': gsi1pk, ':until': `${until.toISOString()}#~` },
      },
      { limit },
    );
    return items.map((item) => recordOf<AlertRecord>(item));
  }

  async remove(alert: AlertRecord): Promise<void> {
    // The index entries first: once the alert record is gone nothing else says where they are.
    await Promise.all(
      alertCells(alert.near, alert.radiusKm).map((cell) =>
        this.client.send(new DeleteCommand({ TableName: this.tableName, Key: alertCellKeys(alert.tenantId, cell, alert.id) })),
      ),
    );
    const matches = await this.pendingMatches(alert.tenantId, alert.id);
    await Promise.all(
      matches.map((match) =>
        this.client.send(new DeleteCommand({ TableName: this.tableName, Key: alertMatchKeys(alert.tenantId, alert.id, match.postId) })),
      ),
    );
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: pendingDigestKeys(alert.tenantId, alert.id) }));
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: alertKeys(alert.tenantId, alert.id) }));
  }

  async findByCells(tenantId: string, cells: Cell[]): Promise<AlertTarget[]> {
    const pages = await Promise.all(cells.map((cell) => this.queryAll({ pk: alertCellPartition(tenantId, cell) })));
    return pages.flat().map((item) => ({
      id: String(item.alertId),
      near: { lat: Number(item.lat), lon: Number(item.lon) },
      radiusKm: Number(item.radiusKm),
      ...(item.category ? { category: item.category as AlertTarget['category'] } : {}),
      ...(item.kind ? { kind: item.kind as AlertTarget['kind'] } : {}),
    }));
  }

  async recordMatch(tenantId: string, alertId: string, match: PendingMatch): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...alertMatchKeys(tenantId, alertId, match.postId), ...match } }),
    );
    // Counted, so that clearing the waiting list never loses a match recorded meanwhile.
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: pendingDigestKeys(tenantId, alertId),
        UpdateExpression: 'ADD matchCount :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  async alertsWithPendingMatches(tenantId: string): Promise<string[]> {
    return (await this.queryAll({ pk: pendingDigestPartition(tenantId) })).map((item) => String(item.sk));
  }

  async pendingMatches(tenantId: string, alertId: string): Promise<PendingMatch[]> {
    const items = await this.queryAll({ pk: alertKeys(tenantId, alertId).pk, skPrefix: alertMatchPrefix });
    return items.map((item) => ({ postId: String(item.postId), matchedAt: String(item.matchedAt) }));
  }

  async clearMatches(tenantId: string, alertId: string, postIds: string[]): Promise<void> {
    const { Item: marker } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: pendingDigestKeys(tenantId, alertId), ConsistentRead: true }),
    );
    await Promise.all(
      postIds.map((postId) =>
        this.client.send(new DeleteCommand({ TableName: this.tableName, Key: alertMatchKeys(tenantId, alertId, postId) })),
      ),
    );
    if (!marker || (await this.pendingMatches(tenantId, alertId)).length > 0) return;
    // If a match came in meanwhile, the condition fails and the marker stays: the match waits for the next digest.
    await conditionalWrite(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: pendingDigestKeys(tenantId, alertId),
          ConditionExpression: 'matchCount = :read',
          ExpressionAttributeValues: { ':read': marker.matchCount },
        }),
      ),
    );
  }

  private async queryAll(key: { pk: string; skPrefix?: string }): Promise<Item[]> {
    const { items } = await queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: key.skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': key.pk, ...(key.skPrefix ? { ':prefix': key.skPrefix } : {}) },
      ConsistentRead: true,
    });
    return items;
  }
}
