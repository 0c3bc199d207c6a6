import * as z from 'zod';
import { closePostSchema, createPostSchema, editPostSchema, tokenSchema } from '../posts/index.js';
import { DomainError, type ErrorDetail } from './errors.js';
import { parseInput } from './validation.js';

const validPost = {
  kind: 'offer',
  category: 'groceries',
  title: 'Courses le samedi',
  description: 'Je passe au marché, je peux prendre vos courses.',
  location: { lat: 48.899, lon: 2.254 },
  author: { name: 'Camille Martin', email: 'camille@example.org' },
};

/** The details of the 400 that parsing `value` fails with. */
function refusal(schema: z.ZodType, value: unknown, pathPrefix?: string): ErrorDetail[] {
  try {
    parseInput(schema, value, pathPrefix);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(400);
    expect((error as DomainError).code).toBe('invalid_input');
    return (error as DomainError).details;
  }
  throw new Error('the input was accepted');
}

const paths = (details: ErrorDetail[]) => details.map((detail) => detail.path);

describe('a new post', () => {
  it('is accepted when valid, with the text trimmed', () => {
    expect(parseInput(createPostSchema, { ...validPost, title: '  Courses le samedi  ' }).title).toBe('Courses le samedi');
  });

  it('refuses an unknown field, naming it', () => {
    expect(refusal(createPostSchema, { ...validPost, status: 'published' })).toEqual([{ path: 'status', message: 'unknown field' }]);
  });

  it('refuses an unknown nested field, naming it with its parent', () => {
    const details = refusal(createPostSchema, { ...validPost, author: { ...validPost.author, phone: '0600000000' } });
    expect(details).toEqual([{ path: 'author.phone', message: 'unknown field' }]);
  });

  it('names every missing field', () => {
    const { title: _title, location: _location, ...incomplete } = validPost;
    expect(paths(refusal(createPostSchema, incomplete)).sort()).toEqual(['location', 'title']);
  });

  it('refuses a title on two lines (titles end up in mail subjects)', () => {
    expect(paths(refusal(createPostSchema, { ...validPost, title: 'Courses\nBcc: x@evil.example' }))).toEqual(['title']);
    expect(paths(refusal(createPostSchema, { ...validPost, author: { ...validPost.author, name: 'Camille\r\nMartin' } }))).toEqual([
      'author.name',
    ]);
  });

  it('accepts a description on several lines but no other control character', () => {
    expect(parseInput(createPostSchema, { ...validPost, description: 'Ligne 1\nLigne 2\tfin' }).description).toBe('Ligne 1\nLigne 2\tfin');
    expect(paths(refusal(createPostSchema, { ...validPost, description: 'bip\u0007' }))).toEqual(['description']);
  });

  it('refuses an invalid email, naming author.email', () => {
    expect(paths(refusal(createPostSchema, { ...validPost, author: { ...validPost.author, email: 'camille@' } }))).toEqual([
      'author.email',
    ]);
  });

  it('refuses a blank title and a kind or category that does not exist', () => {
    expect(paths(refusal(createPostSchema, { ...validPost, title: '   ', kind: 'sale', category: 'Weapons!' })).sort()).toEqual([
      'category',
      'kind',
      'title',
    ]);
  });

  it('refuses a point that is not on Earth', () => {
    expect(paths(refusal(createPostSchema, { ...validPost, location: { lat: 91, lon: 2 } }))).toEqual(['location.lat']);
  });

  it('refuses a body that is not an object, without a path', () => {
    expect(paths(refusal(createPostSchema, 'hello'))).toEqual(['']);
  });
});

describe('the other inputs', () => {
  it('an edit must change something and may not touch the author', () => {
    expect(refusal(editPostSchema, {})).toHaveLength(1);
    expect(refusal(editPostSchema, { author: { name: 'X', email: 'x@example.org' } })).toContainEqual({
      path: 'author',
      message: 'unknown field',
    });
    expect(parseInput(editPostSchema, { title: 'Nouveau titre' })).toEqual({ title: 'Nouveau titre' });
  });

  it('a close gives one of the known reasons', () => {
    expect(paths(refusal(closePostSchema, { reason: 'bored' }))).toEqual(['reason']);
  });

  it('a token is long enough to be a secret', () => {
    expect(paths(refusal(tokenSchema, { token: 'short' }))).toEqual(['token']);
  });

  it('names fields under a prefix, e.g. the query string', () => {
    const query = z.strictObject({ limit: z.coerce.number().int().min(1) });
    expect(refusal(query, { limit: '0', near: '48,2' }, 'query')).toEqual(
      expect.arrayContaining([{ path: 'query.near', message: 'unknown field' }, expect.objectContaining({ path: 'query.limit' })]),
    );
  });

  it('says which fields are wrong in the message', () => {
    try {
      parseInput(createPostSchema, { ...validPost, title: '' });
    } catch (error) {
      expect((error as DomainError).message).toContain('title');
      return;
    }
    throw new Error('the input was accepted');
  });
});
