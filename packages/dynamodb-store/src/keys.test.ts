import fc from 'fast-check';
import { postKeys, publishedIndexKeys, purgeAtEpochSeconds, tenantKeyPrefix } from './keys.js';

const tenantId = fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/).filter((id) => id.length <= 40);
const postId = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);

describe('keys', () => {
  it('start with T#<tenant>#, so a pooled table can lock a tenant to its own items', () => {
    expect(postKeys('courbevoie', 'post000001').pk).toBe('T#courbevoie#POST#post000001');
    expect(
      publishedIndexKeys({ tenantId: 'courbevoie', id: 'post000001', publishedAt: '2025-03-02T09:00:00.000Z', createdAt: '' }).gsi1pk,
    ).toBe('T#courbevoie#PUBLISHED');
  });

  it('of one tenant never fall under another tenant’s prefix (e.g. "paris" and "paris-centre")', () => {
    fc.assert(
      fc.property(tenantId, tenantId, postId, (owner, other, id) => {
        fc.pre(owner !== other);
        const keys = [postKeys(owner, id).pk, publishedIndexKeys({ tenantId: owner, id, publishedAt: 'x', createdAt: 'x' }).gsi1pk];
        for (const key of keys) {
          expect(key.startsWith(tenantKeyPrefix(owner))).toBe(true);
          expect(key.startsWith(tenantKeyPrefix(other))).toBe(false);
        }
      }),
    );
  });

  it('sort published posts by publication time, whatever the ids', () => {
    const earlier = publishedIndexKeys({ tenantId: 't', id: 'zzzzzzzz', publishedAt: '2025-03-02T09:00:00.000Z', createdAt: '' });
    const later = publishedIndexKeys({ tenantId: 't', id: 'aaaaaaaa', publishedAt: '2025-03-02T09:00:01.000Z', createdAt: '' });
    expect(later.gsi1sk > earlier.gsi1sk).toBe(true);
  });

  it('let DynamoDB purge a post 90 days after it expires, in epoch seconds', () => {
    expect(purgeAtEpochSeconds({ expiresAt: '2025-04-01T09:00:00.000Z' })).toBe(Date.UTC(2025, 3, 1, 9) / 1000 + 90 * 24 * 3600);
    expect(purgeAtEpochSeconds({ expiresAt: '2025-04-01T09:00:00.999Z' })).toBe(Date.UTC(2025, 3, 1, 9) / 1000 + 90 * 24 * 3600);
  });
});
