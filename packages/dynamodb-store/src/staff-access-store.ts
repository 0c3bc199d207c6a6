import { conditionalWrite, isConditionFailure } from './conditions.js';
import { DeleteCommand, GetCommand, PutCommand, type DocClient } from './doc-client.js';
import type { SectionDates, SectionDatesStore, StaffAccessStore, StaffTeam } from '@entraide/core';
import { recordOf, staffKeys } from './keys.js';

/**
 * Login links (stored by the hash of their token, deleted on use: a conditional delete makes them
 * single-use even when two requests race) and the tenant's session secret (created once by a
 * conditional put: every instance of every staff function ends up with the same one).
 */
export class DynamoStaffAccessStore implements StaffAccessStore, SectionDatesStore {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async saveLoginLink(link: { tenantId: string; tokenHash: string; email: string; expiresAt: string }): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...staffKeys.loginLink(link.tenantId, link.tokenHash),
          email: link.email,
          expiresAt: link.expiresAt,
          // DynamoDB may drop it a day after it stops working.
          purgeAt: Math.floor(Date.parse(link.expiresAt) / 1000) + 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async takeLoginLink(tenantId: string, tokenHash: string): Promise<{ email: string; expiresAt: string } | undefined> {
    const key = staffKeys.loginLink(tenantId, tokenHash);
    try {
      const { Attributes } = await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: key, ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_OLD' }),
      );
      if (!Attributes) return undefined;
      return { email: String(Attributes.email), expiresAt: String(Attributes.expiresAt) };
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async sessionSecret(tenantId: string, candidate: string): Promise<string> {
    const key = staffKeys.sessionSecret(tenantId);
    const created = await conditionalWrite(
      this.client.send(
        new PutCommand({ TableName: this.tableName, Item: { ...key, secret: candidate }, ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    );
    if (created) return candidate;
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    if (typeof Item?.secret !== 'string') throw new Error('staff session secret missing after a conditional put failed');
    return Item.secret;
  }

  async team(tenantId: string): Promise<StaffTeam | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: staffKeys.team(tenantId), ConsistentRead: true }),
    );
    return Item ? recordOf<StaffTeam>(Item) : undefined;
  }

  async saveTeam(team: StaffTeam, expectedVersion: number): Promise<boolean> {
    return this.putOnVersion({ ...team, ...staffKeys.team(team.tenantId) }, expectedVersion);
  }

  async sectionDates(tenantId: string): Promise<SectionDates | undefined> {
    // Read before each request, consistent: a section an admin closed refuses the very next entry.
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: staffKeys.sections(tenantId), ConsistentRead: true }),
    );
    return Item ? recordOf<SectionDates>(Item) : undefined;
  }

  async saveSectionDates(dates: SectionDates, expectedVersion: number): Promise<boolean> {
    return this.putOnVersion({ ...dates, ...staffKeys.sections(dates.tenantId) }, expectedVersion);
  }

  /** Puts one of the staff's versioned items if the stored one is still at `expectedVersion` (0: none yet). */
  private putOnVersion(item: Record<string, unknown>, expectedVersion: number): Promise<boolean> {
    return conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      ),
    );
  }
}
