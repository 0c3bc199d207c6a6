import { notFound } from './errors.js';

/** Every id we hand out (`RandomSource.id`: base64url) has this shape; alerts and posts alike. */
const recordIdPattern = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * An id from a path (`/posts/{id}`): the id, or a 404 naming `what`. An id that cannot be one of
 * ours is simply a record that does not exist, never a 400 that would tell ids apart.
 */
export function parseRecordId(id: string | undefined, what: string): string {
  if (id === undefined || !recordIdPattern.test(id)) throw notFound(what);
  return id;
}
