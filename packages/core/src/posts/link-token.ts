/**
 * The secret token of a mailed link (verify, manage, unsubscribe…): its length bounds, and the
 * check a page makes before sending it, with no zod (`@entraide/core/plain`); `tokenSchema` says
 * the same for the API.
 */
export const linkTokenLength = { min: 16, max: 128 } as const;

/** The token of a link's query, if it has a token's length; the API checks the rest. */
export function linkToken(value: string | null | undefined): string | undefined {
  return value && value.length >= linkTokenLength.min && value.length <= linkTokenLength.max ? value : undefined;
}
