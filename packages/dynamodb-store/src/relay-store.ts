import { conditionalWrite, isConditionFailure } from './conditions.js';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocClient } from './doc-client.js';
import { queryPages } from './query.js';
import {
  eventRecordDays,
  badCursor,
  conversationFlaggers,
  decodeCursor,
  encodeCursor,
  maxReferences,
  type AliasRecord,
  type Conversation,
  type ConversationFlagger,
  type ConversationReport,
  type FollowUpAnswer,
  type FollowUpRecord,
  type Page,
  type RelayParty,
  type RelayStore,
} from '@entraide/core';
import { recordOf, relayKeys, tenantKeyPrefix } from './keys.js';

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
            purgeAt: epochSeconds(new Date(Date.parse(followUp.dueAt) + eventRecordDays * 86_400_000)),
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

  async flagConversation(alias: AliasRecord, now: Date, flaggedBy: ConversationFlagger = alias.party): Promise<boolean> {
    const at = now.toISOString();
    return conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...relayKeys.report(alias.tenantId, alias.postId, alias.residentKey, flaggedBy),
            ...relayKeys.reportIndex(alias.tenantId, at, alias.postId, alias.residentKey),
            postId: alias.postId,
            residentKey: alias.residentKey,
            reportedBy: flaggedBy,
            at,
            purgeAt: epochSeconds(new Date(now.getTime() + eventRecordDays * 86_400_000)),
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

  async answerFollowUpForAuthor(tenantId: string, postId: string, answer: FollowUpAnswer, now: Date): Promise<boolean> {
    const at = now.toISOString();
    return conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: relayKeys.followUp(tenantId, postId),
          // Created if there is none yet (no connection through the relay), and out of the due list: never mailed after.
          UpdateExpression:
            'SET tenantId = :tenant, postId = :post, dueAt = if_not_exists(dueAt, :now), purgeAt = if_not_exists(purgeAt, :purge), ' +
            'answer = :answer, answeredAt = :now, answeredBy = :staff REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_not_exists(answer)',
          ExpressionAttributeValues: {
            ':tenant': tenantId,
            ':post': postId,
            ':now': at,
            ':purge': epochSeconds(new Date(now.getTime() + eventRecordDays * 86_400_000)),
            ':answer': answer,
            ':staff': 'staff',
          },
        }),
      ),
    );
  }

  async listReportedConversations(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<ConversationReport>> {
    const list = relayKeys.reportedList(tenantId);
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :list',
        ExpressionAttributeValues: { ':list': list },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.cursor ? { ExclusiveStartKey: reportCursorKey(query.cursor, tenantId, list) } : {}),
      }),
    );
    const next = page.LastEvaluatedKey;
    return {
      items: (page.Items ?? []).map((item) => {
        const { postId, residentKey, reportedBy, at } = recordOf<ConversationReport>(item);
        return { postId, residentKey, reportedBy, at };
      }),
      nextCursor: next ? encodeCursor({ key: next }) : null,
    };
  }

  async conversationsOf(tenantId: string, postId: string): Promise<Conversation[]> {
    const { pk } = relayKeys.conversation(tenantId, postId, '');
    const { items } = await queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :conversations)',
      ExpressionAttributeValues: { ':pk': pk, ':conversations': relayKeys.conversation(tenantId, postId, '').sk },
      ConsistentRead: true,
    });
    return items.map((item) => recordOf<Conversation>(item));
  }

  async eraseConversation(conversation: Conversation): Promise<void> {
    const { tenantId, postId, residentKey } = conversation;
    const keys = [
      relayKeys.alias(tenantId, conversation.authorAlias),
      relayKeys.alias(tenantId, conversation.residentAlias),
      ...conversationFlaggers.map((flagger) => relayKeys.report(tenantId, postId, residentKey, flagger)),
      // Last: it names the aliases, so a run that failed before it finds them again.
      relayKeys.conversation(tenantId, postId, residentKey),
    ];
    for (const key of keys) await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
  }

  async closeConversation(tenantId: string, postId: string, residentKey: string, closed: { at: string; by: string }): Promise<boolean> {
    return conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: relayKeys.conversation(tenantId, postId, residentKey),
          UpdateExpression: 'SET closedAt = :at, closedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closedAt)',
          ExpressionAttributeValues: { ':at': closed.at, ':by': closed.by },
        }),
      ),
    );
  }

  async recordMessageId(tenantId: string, postId: string, residentKey: string, party: RelayParty, messageId: string): Promise<void> {
    // Read, add, write if no one wrote in between (the author's and the resident's mails of one
    // contact are sent at the same time): a lost race reads again.
    for (let attempt = 0; attempt < 25; attempt++) {
      const conversation = await this.getConversation(tenantId, postId, residentKey);
      const received = conversation?.messageIds?.[party] ?? [];
      if (!conversation || received.includes(messageId)) return;
      const version = conversation.threadVersion ?? 0;
      const written = await conditionalWrite(
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: relayKeys.conversation(tenantId, postId, residentKey),
            UpdateExpression: 'SET messageIds = :ids, threadVersion = :next',
            ConditionExpression: version
              ? 'attribute_exists(pk) AND threadVersion = :version'
              : 'attribute_exists(pk) AND attribute_not_exists(threadVersion)',
            ExpressionAttributeValues: {
              ':ids': { ...conversation.messageIds, [party]: [...received, messageId].slice(-maxReferences) },
              ':next': version + 1,
              ...(version ? { ':version': version } : {}),
            },
          }),
        ),
      );
      if (written) return;
    }
    throw new Error('conversation changed too often to record a Message-ID');
  }

  async unlistReports(tenantId: string, postId: string, residentKey: string): Promise<void> {
    for (const flagger of conversationFlaggers) {
      await conditionalWrite(
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: relayKeys.report(tenantId, postId, residentKey, flagger),
            UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
            ConditionExpression: 'attribute_exists(pk)',
          }),
        ),
      );
    }
  }
}

/** A cursor of the reported list: the last key read, of this tenant's list, or a 400 naming `cursor`. */
function reportCursorKey(cursor: string, tenantId: string, list: string): Record<string, string> {
  const key = decodeCursor(cursor).key as Record<string, unknown> | undefined;
  if (
    typeof key !== 'object' ||
    key === null ||
    Object.keys(key).sort().join() !== 'gsi1pk,gsi1sk,pk,sk' ||
    Object.values(key).some((part) => typeof part !== 'string' || !part.length || part.length > 512) ||
    !(key.pk as string).startsWith(tenantKeyPrefix(tenantId)) ||
    key.gsi1pk !== list
  ) {
    throw badCursor();
  }
  return key as Record<string, string>;
}
