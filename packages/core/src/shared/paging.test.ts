import { DomainError } from './errors.js';
import { maxCursorLength, pageQuerySchema } from './paging.js';
import { cryptoRandom } from './random.js';
import { parseRecordId } from './record-id.js';
import { parseInput } from './validation.js';

/** What parsing `query` as a query string fails with: the paths of its 400, or 'accepted'. */
function refusedPaths(query: Record<string, string>, maxLimit = 50): string[] | 'accepted' {
  try {
    parseInput(pageQuerySchema(maxLimit), query, 'query');
    return 'accepted';
  } catch (error) {
    expect(error).toMatchObject({ status: 400, code: 'invalid_input' });
    return (error as DomainError).details.map((detail) => detail.path);
  }
}

describe('a page query', () => {
  it('takes a limit (a number in the query string) and a cursor, both optional', () => {
    expect(parseInput(pageQuerySchema(50), {}, 'query')).toEqual({});
    expect(parseInput(pageQuerySchema(50), { limit: '50', cursor: 'eyJhIjoxfQ' }, 'query')).toEqual({ limit: 50, cursor: 'eyJhIjoxfQ' });
  });

  it('bounds the limit by the list’s own largest page', () => {
    expect(refusedPaths({ limit: '51' })).toEqual(['query.limit']);
    expect(refusedPaths({ limit: '5000' }, 5000)).toBe('accepted');
    expect(refusedPaths({ limit: '5001' }, 5000)).toEqual(['query.limit']);
  });

  it.each(['0', '-1', '2.5', 'ten', ''])('refuses the limit %p', (limit) => {
    expect(refusedPaths({ limit })).toEqual(['query.limit']);
  });

  it('refuses an empty or oversized cursor, and any other parameter', () => {
    expect(refusedPaths({ cursor: '' })).toEqual(['query.cursor']);
    expect(refusedPaths({ cursor: 'x'.repeat(maxCursorLength) })).toBe('accepted');
    expect(refusedPaths({ cursor: 'x'.repeat(maxCursorLength + 1) })).toEqual(['query.cursor']);
    expect(refusedPaths({ limit: '5', offset: '10' })).toEqual(['query.offset']);
  });
});

describe('an id from a path', () => {
  it('is every id we hand out', () => {
    for (let count = 0; count < 50; count++) {
      const id = cryptoRandom.id();
      expect(parseRecordId(id, 'Post')).toBe(id);
    }
    expect(parseRecordId('post000001', 'Post')).toBe('post000001');
    expect(parseRecordId('-_' + 'a'.repeat(62), 'Post')).toHaveLength(64);
  });

  it.each([undefined, '', 'short12', 'a'.repeat(65), '../../etc', 'post 000001', 'post000001%00', 'pôst000001'])(
    'answers %p with a 404 naming what was asked for, never a 400',
    (id) => {
      expect(() => parseRecordId(id, 'Alert')).toThrow(
        expect.objectContaining({ status: 404, code: 'not_found', message: 'Alert not found' }),
      );
    },
  );
});
