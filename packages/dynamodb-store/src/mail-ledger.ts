import { conditionalWrite } from './conditions.js';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DocClient } from './doc-client.js';
import { eventRecordDays, type MailLedger, type SuppressionReason } from '@entraide/core';
import { mailLedgerKeys } from './keys.js';

/** Sent markers are kept long enough to outlive any redelivery (SQS keeps a message 4 days by default, 14 at most). */
const sentMarkerDays = 15;

/** The mail sender's ledger in the tenant's table: conditional single-item writes only. */
export class DynamoMailLedger implements MailLedger {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async claim(mailId: string, now: Date, leaseSeconds: number): Promise<'claimed' | 'sent' | 'busy'> {
    const key = mailLedgerKeys.sent(this.tenantId, mailId);
    const claimed = await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            state: 'sending',
            leaseUntil: now.getTime() + leaseSeconds * 1000,
            purgeAt: Math.floor(now.getTime() / 1000) + sentMarkerDays * 86_400,
          },
          // Free, or claimed by an invocation that died before finishing (its lease ran out).
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': now.getTime() },
        }),
      ),
    );
    if (claimed) return 'claimed';
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item?.state === 'sent' ? 'sent' : 'busy';
  }

  async markSent(mailId: string, now: Date, messageId?: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: mailLedgerKeys.sent(this.tenantId, mailId),
        UpdateExpression: `SET #state = :sent, sentAt = :at${messageId ? ', messageId = :messageId' : ''} REMOVE leaseUntil`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': now.toISOString(), ...(messageId ? { ':messageId': messageId } : {}) },
      }),
    );
  }

  async sentMessageId(mailId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: mailLedgerKeys.sent(this.tenantId, mailId), ConsistentRead: true }),
    );
    return Item?.state === 'sent' && typeof Item.messageId === 'string' ? Item.messageId : undefined;
  }

  async release(mailId: string): Promise<void> {
    // Already sent (or gone): the marker stays as it is.
    await conditionalWrite(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: mailLedgerKeys.sent(this.tenantId, mailId),
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      ),
    );
  }

  async isSuppressed(email: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: mailLedgerKeys.suppressed(this.tenantId, email), ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  async flagUndeliverable(postId: string, reason: SuppressionReason, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...mailLedgerKeys.undeliverable(this.tenantId, postId),
          ...mailLedgerKeys.undeliverableIndex(this.tenantId, at, postId),
          postId,
          reason,
          at,
          purgeAt: Math.floor(now.getTime() / 1000) + eventRecordDays * 86_400,
        },
      }),
    );
  }

  async suppress(email: string, reason: SuppressionReason, now: Date): Promise<boolean> {
    return conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...mailLedgerKeys.suppressed(this.tenantId, email), reason, at: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }
}
