import { conditionalWrite, isConditionFailure } from './conditions.js';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocClient } from './doc-client.js';
import type { AliasRecord, Conversation, FollowUpAnswer, FollowUpRecord, RelayStore } from '@entraide/core';
import { recordOf, relayKeys } from './keys.js';

const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export class DynamoRelayStore implements RelayStore {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async openConversation(conversation: Conversation, retainUntil: Date): Promise<{ conversation: Conversation; created: boolean }> {
    const purgeAt = epochSeconds(retainUntil);
    const { tenantId, postId, residentKey } = conversation;
    // Aliases first: a conversation never points to a missing alias. If the conversation already
    // exists, these two are never handed out and TTL removes them.
    for (const [token, party] of [
      [conversation.authorAlias, 'author'],
      [conversation.residentAlias, 'resident'],
    ] as const) {
      const alias: AliasRecord = { tenantId, token, postId, residentKey, party };
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...relayKeys.alias(tenantId, token), ...alias, purgeAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...relayKeys.conversation(tenantId, postId, residentKey), ...conversation, purgeAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { conversation, created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getConversation(tenantId, postId, residentKey);
      if (!existing) throw error;
      return { conversation: existing, created: false };
    }
  }

  async getConversation(tenantId: string, postId: string, residentKey: string): Promise<Conversation | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: relayKeys.conversation(tenantId, postId, residentKey), ConsistentRead: true }),
    );
    return Item && recordOf<Conversation>(Item);
  }

  async getAlias(tenantId: string, token: string): Promise<AliasRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: relayKeys.alias(tenantId, token), ConsistentRead: true }),
    );
    return Item && recordOf<AliasRecord>(Item);
  }

  async scheduleFollowUp(followUp: FollowUpRecord): Promise<boolean> {
    return conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...relayKeys.followUp(followUp.tenantId, followUp.postId),
            ...relayKeys.followUpDue(followUp.tenantId, followUp.dueAt, followUp.postId),
            ...followUp,
            purgeAt: epochSeconds(new Date(Date.parse(followUp.dueAt) + 400 * 86_400_000)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async dueFollowUps(tenantId: string, now: Date, limit: number): Promise<FollowUpRecord[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :due AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':due': relayKeys.followUpDueList(tenantId), ':now': relayKeys.followUpsDueBy(now.toISOString()) },
        Limit: limit,
      }),
    );
    return Items.map((item) => recordOf<FollowUpRecord>(item));
  }

  async markFollowUpSent(tenantId: string, postId: string, tokenHash: string, now: Date): Promise<boolean> {
    return conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: relayKeys.followUp(tenantId, postId),
          // Out of the due index at the same write: sent once, whatever the job's retries.
          UpdateExpression: 'SET sentAt = :now, tokenHash = :hash REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(sentAt)',
          ExpressionAttributeValues: { ':now': now.toISOString(), ':hash': tokenHash },
        }),
      ),
    );
  }

  async flagConversation(alias: AliasRecord, now: Date): Promise<boolean> {
    const at = now.toISOString();
    return conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...relayKeys.report(alias.tenantId, alias.postId, alias.residentKey, alias.party),
            ...relayKeys.reportIndex(alias.tenantId, at, alias.postId, alias.residentKey),
            postId: alias.postId,
            residentKey: alias.residentKey,
            reportedBy: alias.party,
            at,
            purgeAt: epochSeconds(new Date(now.getTime() + 400 * 86_400_000)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async getFollowUp(tenantId: string, postId: string): Promise<FollowUpRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: relayKeys.followUp(tenantId, postId), ConsistentRead: true }),
    );
    return Item && recordOf<FollowUpRecord>(Item);
  }

  async answerFollowUp(tenantId: string, postId: string, answer: FollowUpAnswer, now: Date): Promise<boolean> {
    return conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: relayKeys.followUp(tenantId, postId),
          UpdateExpression: 'SET answer = :answer, answeredAt = :now',
          ConditionExpression: 'attribute_exists(sentAt) AND attribute_not_exists(answer)',
          ExpressionAttributeValues: { ':answer': answer, ':now': now.toISOString() },
        }),
      ),
    );
  }
}
