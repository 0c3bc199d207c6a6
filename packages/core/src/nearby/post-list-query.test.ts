import type { DomainError } from '../shared/index.js';
import { postListQuery } from './post-list-query.js';

const refusal = (query: Record<string, string>): DomainError => {
  try {
    postListQuery(query);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('the query was accepted');
};

describe('GET /posts: which list', () => {
  it('is the newest posts without `near`, paging and section parsed', () => {
    expect(postListQuery({})).toEqual({ newest: {} });
    expect(postListQuery({ limit: '10', cursor: 'abc', section: 'ete-2026' })).toEqual({
      newest: { limit: 10, cursor: 'abc', section: 'ete-2026' },
    });
  });

  it('is the search around `near`, with its filters', () => {
    expect(postListQuery({ near: '48.8975,2.2525', radiusKm: '2', category: 'groceries', kind: 'offer', limit: '5' })).toEqual({
      nearby: { near: { lat: 48.8975, lon: 2.2525 }, radiusKm: 2, category: 'groceries', kind: 'offer', limit: 5 },
    });
  });

  it('refuses the search’s parameters without `near`, naming each, rather than ignore them', () => {
    const error = refusal({ radiusKm: '2', kind: 'offer', limit: '5' });
    expect(error).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(error.details).toEqual([
      { path: 'query.radiusKm', message: 'only with near=LAT,LON' },
      { path: 'query.kind', message: 'only with near=LAT,LON' },
    ]);
    expect(refusal({ category: 'groceries' }).details.map((detail) => detail.path)).toEqual(['query.category']);
  });

  it('refuses a bad point, an unknown parameter, and a section around a point (sections are lists, not filters)', () => {
    expect(refusal({ near: '91,2' }).details.map((detail) => detail.path)).toEqual(['query.near']);
    expect(refusal({ sort: 'oldest' }).details).toEqual([{ path: 'query.sort', message: 'unknown field' }]);
    expect(refusal({ near: '48.8975,2.2525', section: 'ete-2026' }).details).toEqual([{ path: 'query.section', message: 'unknown field' }]);
    expect(refusal({ limit: '51' }).details.map((detail) => detail.path)).toEqual(['query.limit']);
  });
});
