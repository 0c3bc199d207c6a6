import { conditionalWrite } from './conditions.js';
import { GetCommand, PutCommand, UpdateCommand, type DocClient, type Item } from './doc-client.js';
import { ConcurrentUpdateError, inStockCounter, type CampaignEvent, type CampaignStore, type VolunteerRecord } from '@entraide/core';
import { campaignKeys, recordOf } from './keys.js';
import { queryPages } from './query.js';

/**
 * Campaigns on DynamoDB, in single-item writes (docs/decisions/0003-single-item-conditional-writes.md):
 * an event is counted on the campaign's counter item by one conditional `ADD` that also notes it
 * pending there, then put into its history (create once), then settled (its note removed).
 */
export class DynamoCampaignStore implements CampaignStore {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async countEvent(event: CampaignEvent, counts: Record<string, number>, guard: { inStockAtLeast?: number }): Promise<boolean> {
    const entries = Object.entries(counts).filter(([, value]) => Number.isFinite(value) && value !== 0);
    const names: Record<string, string> = { '#pending': campaignKeys.pendingAttribute(event.id) };
    const values: Record<string, unknown> = { ':event': event };
    entries.forEach(([name, value], index) => {
      names[`#c${index}`] = name;
      values[`:v${index}`] = value;
    });
    let condition = 'attribute_not_exists(#pending)';
    if (guard.inStockAtLeast !== undefined) {
      names['#stock'] = inStockCounter;
      values[':need'] = guard.inStockAtLeast;
      condition += ' AND #stock >= :need';
    }
    const add = entries.map((_, index) => `#c${index} :v${index}`).join(', ');
    const counted = await conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: campaignKeys.counters(event.tenantId, event.campaignId),
          UpdateExpression: `SET #pending = :event${add ? ` ADD ${add}` : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
    return counted || (await this.alreadyCounted(event));
  }

  /**
   * Whether this very event is on the counter item (pending) or in its history (settled): the client
   * retries an attempt that timed out, and when the first attempt was applied but its answer lost,
   * the retry meets its own note and is refused. That refusal is not "out of stock": the event counts.
   */
  private async alreadyCounted(event: CampaignEvent): Promise<boolean> {
    const { Item: counters } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: campaignKeys.counters(event.tenantId, event.campaignId), ConsistentRead: true }),
    );
    if (counters?.[campaignKeys.pendingAttribute(event.id)] !== undefined) return true;
    const { Item: written } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: campaignKeys.event(event), ConsistentRead: true }),
    );
    return written !== undefined;
  }

  async putEvent(event: CampaignEvent): Promise<void> {
    // Create once: a repair writing it again finds it there and leaves it.
    await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...event, ...campaignKeys.event(event), ...campaignKeys.eventIndex(event) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async settle(event: CampaignEvent): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: campaignKeys.counters(event.tenantId, event.campaignId),
        UpdateExpression: 'REMOVE #pending',
        ExpressionAttributeNames: { '#pending': campaignKeys.pendingAttribute(event.id) },
      }),
    );
  }

  async readCounters(tenantId: string, campaignId: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: campaignKeys.counters(tenantId, campaignId), ConsistentRead: true }),
    );
    const counters: Record<string, number> = {};
    const pending: CampaignEvent[] = [];
    for (const [name, value] of Object.entries(Item ?? {})) {
      if (name.startsWith(campaignKeys.pendingPrefix)) pending.push(value as CampaignEvent);
      else if (typeof value === 'number') counters[name] = value;
    }
    return { counters, pending };
  }

  private async history(input: {
    KeyConditionExpression: string;
    ExpressionAttributeValues: Item;
    IndexName?: string;
    ConsistentRead?: boolean;
  }) {
    const { items } = await queryPages(this.client, { TableName: this.tableName, ...input });
    return items.map((item) => recordOf<CampaignEvent>(item));
  }

  async volunteerEvents(tenantId: string, campaignId: string, volunteerId: string): Promise<CampaignEvent[]> {
    return this.history({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': campaignKeys.volunteer(tenantId, campaignId, volunteerId).pk,
        ':prefix': campaignKeys.eventPrefix,
      },
      ConsistentRead: true,
    });
  }

  async campaignEvents(tenantId: string, campaignId: string): Promise<CampaignEvent[]> {
    return this.history({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :list',
      ExpressionAttributeValues: { ':list': campaignKeys.eventList(tenantId, campaignId) },
    });
  }

  async insertVolunteer(volunteer: VolunteerRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: this.volunteerItem(volunteer),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getVolunteer(tenantId: string, campaignId: string, volunteerId: string): Promise<VolunteerRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: campaignKeys.volunteer(tenantId, campaignId, volunteerId), ConsistentRead: true }),
    );
    return Item ? recordOf<VolunteerRecord>(Item) : undefined;
  }

  async replaceVolunteer(volunteer: VolunteerRecord, expectedStatus: VolunteerRecord['status']): Promise<void> {
    const written = await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.volunteerItem(volunteer),
          ConditionExpression: '#status = :expected',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':expected': expectedStatus },
        }),
      ),
    );
    if (!written) throw new ConcurrentUpdateError();
  }

  async listVolunteers(tenantId: string, campaignId: string): Promise<VolunteerRecord[]> {
    const { items } = await queryPages(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :list',
      ExpressionAttributeValues: { ':list': campaignKeys.volunteerList(tenantId, campaignId) },
    });
    return items.map((item) => recordOf<VolunteerRecord>(item));
  }

  private volunteerItem(volunteer: VolunteerRecord): Item {
    return {
      ...volunteer,
      ...campaignKeys.volunteer(volunteer.tenantId, volunteer.campaignId, volunteer.id),
      ...campaignKeys.volunteerIndex(volunteer),
    };
  }
}
