import { QueryCommand, type DocClient, type DocCommand, type Item, type QueryInput, type QueryOutput } from './doc-client.js';
import { queryPages } from './query.js';

/** A client that answers each query with the next of `pages`, and keeps what it was asked. */
function pagedClient(pages: QueryOutput[]) {
  const asked: QueryInput[] = [];
  const client: DocClient = {
    async send<Output>(command: DocCommand<unknown, Output>): Promise<Output> {
      expect(command).toBeInstanceOf(QueryCommand);
      asked.push(command.input as QueryInput);
      const page = pages.shift();
      if (!page) throw new Error('queried past the last page');
      return page as Output;
    },
  };
  return { client, asked };
}

const items = (...ids: string[]): Item[] => ids.map((id) => ({ pk: 'P', sk: id }));
const key = (id: string): Item => ({ pk: 'P', sk: id });
const input = { TableName: 't', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'P' } };

describe('queryPages', () => {
  it('without a limit, reads the whole range page after page, each from where the last stopped', async () => {
    const { client, asked } = pagedClient([
      { Items: items('a', 'b'), LastEvaluatedKey: key('b'), ScannedCount: 2 },
      { Items: [], LastEvaluatedKey: key('c'), ScannedCount: 1 },
      { Items: items('d') },
    ]);
    const run = await queryPages(client, input);
    expect(run).toEqual({ items: items('a', 'b', 'd'), lastKey: undefined, queries: 3, itemsRead: 4 });
    expect(asked).toEqual([
      { ...input, ExclusiveStartKey: undefined },
      { ...input, ExclusiveStartKey: key('b') },
      { ...input, ExclusiveStartKey: key('c') },
    ]);
    expect(asked.every((query) => !('Limit' in query))).toBe(true);
  });

  it('with a limit, asks each page for what is still missing and stops once it has them, saying where', async () => {
    const { client, asked } = pagedClient([
      // A filter thinned the first page.
      { Items: items('a'), LastEvaluatedKey: key('b'), ScannedCount: 3 },
      { Items: items('c', 'd'), LastEvaluatedKey: key('d'), ScannedCount: 2 },
      { Items: items('never') },
    ]);
    const run = await queryPages(client, input, { limit: 3, start: key('0') });
    expect(run).toEqual({ items: items('a', 'c', 'd'), lastKey: key('d'), queries: 2, itemsRead: 5 });
    expect(asked.map((query) => [query.Limit, query.ExclusiveStartKey])).toEqual([
      [3, key('0')],
      [2, key('b')],
    ]);
  });

  it('with a limit, ends with the range when there is less', async () => {
    const { client } = pagedClient([{ Items: items('a'), LastEvaluatedKey: key('a') }, { Items: items('b') }]);
    expect(await queryPages(client, input, { limit: 5 })).toEqual({ items: items('a', 'b'), lastKey: undefined, queries: 2, itemsRead: 2 });
  });
});
