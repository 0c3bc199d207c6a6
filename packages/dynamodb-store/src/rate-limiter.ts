import { conditionalWrite } from './conditions.js';
import { UpdateCommand, type DocClient } from './doc-client.js';
import type { RateLimiter } from '@entraide/core';
import { rateLimitKeys } from './keys.js';

/**
 * Fixed-window counters, one item per subject and window, incremented by a conditional ADD: no
 * read before the write, and two concurrent requests can never both take the last place.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async consume(subjectKey: string, max: number, windowSeconds: number, now: Date) {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const windowEnd = windowStart + windowSeconds;
    const allowed = await conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: rateLimitKeys(this.tenantId, subjectKey, windowSeconds, windowStart),
          UpdateExpression: 'ADD #count :one SET purgeAt = if_not_exists(purgeAt, :purgeAt)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
          ExpressionAttributeNames: { '#count': 'count' },
          // Counters outlive their window a little, then DynamoDB's TTL removes them.
          ExpressionAttributeValues: { ':one': 1, ':max': max, ':purgeAt': windowEnd + 3600 },
        }),
      ),
    );
    return allowed ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, windowEnd - nowSeconds) };
  }
}
