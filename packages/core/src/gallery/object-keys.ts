/**
 * The gallery's object keys: one bucket for every tenant, two roots, the tenant right under each
 * (decision 0021). Each tenant's functions are granted their own two prefixes only.
 * - `uploads/<tenant>/<uploadId>`: what a parent uploaded, as sent; never served, removed once
 *   processed or refused, and by the bucket's one lifecycle rule on `uploads/` after a day if
 *   nothing processed it (a rule per tenant would change the shared bucket at each onboarding).
 * - `gallery/<tenant>/<secret>/…`: what the processing step made; the secret is random and kept
 *   private until staff approve, so no one can guess an image's key from a drawing's id. The key
 *   is the image's path on the site's origin (CloudFront's `/gallery/*` behaviour reads the bucket).
 */
export const galleryUploadsRoot = 'uploads/';
export const galleryImagesRoot = 'gallery/';
export const uploadsPrefix = (tenantId: string): string => `${galleryUploadsRoot}${tenantId}/`;
export const uploadObjectKey = (tenantId: string, uploadId: string): string => `${uploadsPrefix(tenantId)}${uploadId}`;
export const imagesPrefix = (tenantId: string): string => `${galleryImagesRoot}${tenantId}/`;
