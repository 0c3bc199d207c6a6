import { invalidInput, type DomainError } from './errors.js';

/**
 * The one page-cursor codec: a small JSON object, base64url-encoded, opaque to clients. Each list
 * decides what its cursor holds and checks it (a cursor of another list, tenant or search is a 400);
 * this module only turns it into text and back.
 */
export function encodeCursor(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The error every bad cursor gets: `invalid_input` naming the `cursor` field. */
export const badCursor = (message = 'not a cursor from this list'): DomainError => invalidInput([{ path: 'cursor', message }]);

/**
 * A cursor as a client sent it back: its JSON object, or a 400 naming `cursor` when it is not
 * base64url JSON of an object. What the object holds is for the caller to check, with `badCursor`.
 */
export function decodeCursor(cursor: string, message?: string): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor(message);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw badCursor(message);
  return payload as Record<string, unknown>;
}
