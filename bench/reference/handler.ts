import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import * as z from 'zod';

/**
 * The yardstick of `npm run bench:cold` (docs/decisions/0006-performance-budgets.md): the least a JSON API function on
 * this stack can be — middy, its JSON body parser, a zod schema, a DynamoDB put — built with the
 * very esbuild options of the functions it is compared with. Never deployed.
 */
const itemSchema = z.strictObject({
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(120),
  quantity: z.number().int().min(1),
});

const tableName = process.env.TABLE_NAME ?? 'reference';
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = middy<{ body: unknown }, { statusCode: number; body: string }>()
  .use(httpJsonBodyParser())
  .handler(async (event) => {
    const item = itemSchema.parse(event.body);
    await documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
    return { statusCode: 201, body: JSON.stringify({ id: item.id }) };
  });
