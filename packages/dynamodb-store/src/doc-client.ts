import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * What the stores send to DynamoDB: the document commands of `@aws-sdk/lib-dynamodb` with the same
 * names and input shapes (items as plain JavaScript values), so a store only changes its imports.
 * The client behind them is `DynamoHttpClient` (dynamo-http-client.ts): loading the AWS SDK's
 * DynamoDB client was most of every function's cold start (docs/performance.md).
 */
export type Item = Record<string, unknown>;

interface Expressions {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}

export interface GetInput {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}
export interface PutInput extends Expressions {
  TableName: string;
  Item: Item;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface UpdateInput extends Expressions {
  TableName: string;
  Key: Item;
  UpdateExpression: string;
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
}
export interface DeleteInput extends Expressions {
  TableName: string;
  Key: Item;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface QueryInput {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
  ScanIndexForward?: boolean;
  ConsistentRead?: boolean;
  Limit?: number;
  ExclusiveStartKey?: Item | undefined;
}

export interface GetOutput {
  Item?: Item;
}
export interface WriteOutput {
  Attributes?: Item;
}
export interface QueryOutput {
  Items?: Item[];
  LastEvaluatedKey?: Item;
  Count?: number;
  ScannedCount?: number;
}

/** DynamoDB's operation (its `X-Amz-Target`) for each command. */
export type Operation = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query';

export abstract class DocCommand<Input, Output> {
  abstract readonly operation: Operation;
  /** Carries the output type to `send`; never set. */
  declare readonly outputType?: Output;
  constructor(readonly input: Input) {}
}

export class GetCommand extends DocCommand<GetInput, GetOutput> {
  readonly operation = 'GetItem';
}
export class PutCommand extends DocCommand<PutInput, WriteOutput> {
  readonly operation = 'PutItem';
}
export class UpdateCommand extends DocCommand<UpdateInput, WriteOutput> {
  readonly operation = 'UpdateItem';
}
export class DeleteCommand extends DocCommand<DeleteInput, WriteOutput> {
  readonly operation = 'DeleteItem';
}
export class QueryCommand extends DocCommand<QueryInput, QueryOutput> {
  readonly operation = 'Query';
}

/** What the stores are given. */
export interface DocClient {
  send<Output>(command: DocCommand<unknown, Output>): Promise<Output>;
}

/** A failure DynamoDB answered, with its name (`ConditionalCheckFailedException`, `ThrottlingException` …). */
export class DynamoDBError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId?: string; attempts: number };
  constructor(name: string, message: string, metadata: { httpStatusCode: number; requestId?: string; attempts: number }) {
    super(message);
    this.name = name;
    this.$fault = metadata.httpStatusCode >= 500 ? 'server' : 'client';
    this.$metadata = metadata;
  }
}

/** A condition expression was false: the one failure the stores expect, and catch. */
export class ConditionalCheckFailedException extends DynamoDBError {
  constructor(message: string, metadata: { httpStatusCode: number; requestId?: string; attempts: number }) {
    super('ConditionalCheckFailedException', message, metadata);
  }
}

/** The AWS SDK's document client, which tools outside the functions (bench/geo.ts) may still hand a store. */
export type SdkDocumentClient = Pick<DynamoDBDocumentClient, 'send'>;

const isDocClient = (client: DocClient | SdkDocumentClient): client is DocClient => !('middlewareStack' in client);

/**
 * The client a store works with. An SDK document client is wrapped: its command classes load on
 * first use through an import esbuild does not follow (the name is not a literal), so no function
 * bundle carries the SDK for it; outside a bundle (tsx) the package resolves as usual.
 */
export function docClientOf(client: DocClient | SdkDocumentClient): DocClient {
  if (isDocClient(client)) return client;
  const library = '@aws-sdk/lib-dynamodb';
  const sdkCommandName = {
    GetItem: 'GetCommand',
    PutItem: 'PutCommand',
    UpdateItem: 'UpdateCommand',
    DeleteItem: 'DeleteCommand',
    Query: 'QueryCommand',
  } as const;
  let commands: Promise<Record<string, new (input: unknown) => unknown>> | undefined;
  return {
    async send<Output>(command: DocCommand<unknown, Output>): Promise<Output> {
      commands ??= import(library) as Promise<Record<string, new (input: unknown) => unknown>>;
      const SdkCommand = (await commands)[sdkCommandName[command.operation]]!;
      return (await client.send(new SdkCommand(command.input) as never)) as Output;
    },
  };
}
