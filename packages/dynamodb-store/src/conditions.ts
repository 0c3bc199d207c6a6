import { ConcurrentUpdateError } from '@entraide/core';
import { ConditionalCheckFailedException, PutCommand, type DocClient, type Item } from './doc-client.js';

/**
 * A write's condition expression was false: the one failure the stores expect, and catch. By class
 * (DynamoHttpClient) or by name: the AWS SDK's client, which `docClientOf` still accepts, throws its
 * own class of the same name.
 */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ConditionalCheckFailedException')
  );
}

/**
 * Awaits a conditional write: true when it was written, false when its condition was false. Any
 * other failure goes through as it is (an outage is not a lost race).
 */
export async function conditionalWrite(write: Promise<unknown>): Promise<boolean> {
  return (await unlessConditionFails(write.then(() => true))) ?? false;
}

/** Awaits a conditional write: its output, or undefined when its condition was false; any other failure goes through. */
export async function unlessConditionFails<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Puts a versioned record's item if the stored one is still at `expectedVersion` (the version it
 * was read at), else ConcurrentUpdateError: the read-change-write's write, for every store whose
 * records carry a `version`.
 */
export async function putIfVersion(client: DocClient, tableName: string, item: Item, expectedVersion: number): Promise<void> {
  const written = await conditionalWrite(
    client.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expectedVersion },
      }),
    ),
  );
  if (!written) throw new ConcurrentUpdateError();
}
