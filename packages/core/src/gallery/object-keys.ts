/**
 * The gallery's object keys, the tenant at their head (one bucket, a prefix per tenant: each
 * tenant's functions are granted their own prefix only).
 * - `<tenant>/uploads/<uploadId>`: what a parent uploaded, as sent; never served, removed once
 *   processed or refused (and by the bucket's lifecycle after a day if nothing processed it).
 * - `<tenant>/images/<secret>/…`: what the processing step made; the secret is random and kept
 *   private until staff approve, so no one can guess an image's key from a drawing's id.
 */
export const uploadsPrefix = (tenantId: string): string => `${tenantId}/uploads/`;
export const uploadObjectKey = (tenantId: string, uploadId: string): string => `${uploadsPrefix(tenantId)}${uploadId}`;
export const imagesPrefix = (tenantId: string): string => `${tenantId}/images/`;
