import { createTableInput } from './create-table.js';
import { tableDefinition } from './table-definition.js';

describe('createTableInput (the local runtime’s table)', () => {
  const input = createTableInput('entraide-courbevoie');

  it('declares every index of the one table definition, with its keys', () => {
    expect(input.GlobalSecondaryIndexes.map((index) => index.IndexName)).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => index.indexName),
    );
    for (const index of tableDefinition.globalSecondaryIndexes) {
      expect(input.GlobalSecondaryIndexes.find((declared) => declared.IndexName === index.indexName)?.KeySchema).toEqual([
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ]);
    }
  });

  it('defines each key attribute exactly once, as DynamoDB requires', () => {
    const defined = input.AttributeDefinitions.map((attribute) => attribute.AttributeName);
    const usedInKeys = [...input.KeySchema, ...input.GlobalSecondaryIndexes.flatMap((index) => index.KeySchema)].map(
      (key) => key.AttributeName,
    );
    expect(new Set(defined).size).toBe(defined.length);
    expect([...defined].sort()).toEqual([...new Set(usedInKeys)].sort());
  });

  it('keys the table on pk and sk, and bills per request', () => {
    expect(input).toMatchObject({
      TableName: 'entraide-courbevoie',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
  });
});
