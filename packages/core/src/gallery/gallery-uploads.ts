import type { AnnouncedImage } from './gallery-schemas.js';
import { uploadObjectKey } from './object-keys.js';
import type { GalleryObjects, PresignedUpload } from './ports.js';

/** A presigned upload lives this long: time to send a phone's photo on a slow line, no more. */
export const uploadLifetimeSeconds = 10 * 60;

/** The one upload a drawing gets: its key in the tenant's uploads, the announced type and size, a short life. */
export async function presignDrawingUpload(
  deps: { objects: GalleryObjects },
  tenantId: string,
  uploadId: string,
  image: AnnouncedImage,
): Promise<PresignedUpload & { key: string }> {
  const key = uploadObjectKey(tenantId, uploadId);
  const upload = await deps.objects.presignUpload({
    key,
    contentType: image.contentType,
    sizeBytes: image.sizeBytes,
    expiresInSeconds: uploadLifetimeSeconds,
  });
  return { ...upload, key };
}
