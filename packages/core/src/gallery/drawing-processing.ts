import { imageFormatOf } from './image-format.js';
import { maxDrawingBytes } from './gallery-schemas.js';
import { imagesPrefix, uploadObjectKey } from './object-keys.js';
import type { GalleryObjects, ImageProcessor } from './ports.js';

/** Decompression bombs: a small file that decodes to a huge picture is refused from its header. */
export const maxDrawingPixels = 40_000_000;
/** The longest side of the size shown on click, and of the gallery's thumbnails. */
export const displayMaxSide = 1600;
export const thumbnailMaxSide = 400;

/** Why an upload was refused; each has a sentence for the parent (`drawingRefusalMessages`). */
export type DrawingRefusal = 'missing' | 'too_large' | 'not_an_image' | 'too_many_pixels' | 'unreadable';

export const drawingRefusalMessages: Record<DrawingRefusal, { fr: string; en: string }> = {
  missing: { fr: 'Nous n’avons pas reçu l’image : envoyez-la de nouveau.', en: 'We did not receive the image: please send it again.' },
  too_large: { fr: 'L’image dépasse 10 Mo.', en: 'The image is larger than 10 MB.' },
  not_an_image: {
    fr: 'Ce fichier n’est pas une image JPEG, PNG ou WebP.',
    en: 'This file is not a JPEG, PNG or WebP image.',
  },
  too_many_pixels: { fr: 'L’image dépasse 40 mégapixels.', en: 'The image is larger than 40 megapixels.' },
  unreadable: { fr: 'L’image est abîmée et ne peut pas être lue.', en: 'The image is damaged and cannot be read.' },
};

export interface StoredDrawingImages {
  displayKey: string;
  thumbnailKey: string;
  /** Unknown only when a repair found the images of an interrupted run. */
  width?: number;
  height?: number;
}

export type DrawingProcessingResult = { outcome: 'stored'; images: StoredDrawingImages } | { outcome: 'refused'; reason: DrawingRefusal };

/**
 * What an upload's key holds once the upload was processed or refused: not a byte of it. Every
 * presigned PUT is signed with `If-None-Match: *`, so while this marker is there S3 refuses the URL
 * a second time (412), however long it still lives; the bucket's lifecycle removes it with the
 * uploads after a day, the parent's deletion and a rejection at once.
 */
export const usedUploadMarker = new Uint8Array(0);

export interface DrawingProcessingDeps {
  objects: GalleryObjects;
  images: ImageProcessor;
  random: { secret(): string };
}

/**
 * The processing step: the upload checked from its bytes (never from its name or announced type),
 * re-encoded (which leaves every metadata behind: EXIF, XMP, GPS), a display size and a thumbnail
 * stored under a random secret. The upload is replaced by an empty marker whatever the outcome:
 * nothing of a refused file is kept, and its URL cannot upload again. Stored images are written before the upload is replaced, so a run that dies
 * halfway can run again (the bucket's lifecycle removes what nothing processed).
 */
export async function processDrawingUpload(
  deps: DrawingProcessingDeps,
  tenantId: string,
  uploadId: string,
): Promise<DrawingProcessingResult> {
  const uploadKey = uploadObjectKey(tenantId, uploadId);
  const markUsed = () => deps.objects.write(uploadKey, usedUploadMarker, 'application/octet-stream');
  const refused = async (reason: DrawingRefusal): Promise<DrawingProcessingResult> => {
    await markUsed();
    return { outcome: 'refused', reason };
  };
  const folder = `${imagesPrefix(tenantId)}${deps.random.secret()}/`;
  const keys = { displayKey: `${folder}display.webp`, thumbnailKey: `${folder}thumbnail.webp` };
  const bytes = await deps.objects.read(uploadKey, maxDrawingBytes);
  if (bytes === 'missing' || bytes.length === 0) {
    // The repair: a run that stored both sizes and marked the upload used, whose caller never heard of it
    // (the same folder, chosen before by the caller), finds its images again (their sizes unknown).
    const stored = await Promise.all([keys.thumbnailKey, keys.displayKey].map((key) => deps.objects.read(key, maxDrawingBytes)));
    return stored.every((found) => found !== 'missing') ? { outcome: 'stored', images: keys } : { outcome: 'refused', reason: 'missing' };
  }
  if (bytes === 'too_large') return refused('too_large');
  const format = imageFormatOf(bytes);
  if (!format) return refused('not_an_image');
  const processed = await deps.images.reencode(bytes, { format, maxPixels: maxDrawingPixels, displayMaxSide, thumbnailMaxSide });
  if ('refused' in processed) return refused(processed.refused);
  const images: StoredDrawingImages = {
    ...keys,
    width: processed.display.width,
    height: processed.display.height,
  };
  // The thumbnail last: the repair above takes both sizes as stored only when it is there.
  await deps.objects.write(images.displayKey, processed.display.bytes, 'image/webp');
  await deps.objects.write(images.thumbnailKey, processed.thumbnail.bytes, 'image/webp');
  await markUsed();
  return { outcome: 'stored', images };
}

/** The processing step run in this process (the local platform, the processing function itself): the folder is the caller's. */
export const inProcessDrawingProcessor = (deps: { objects: GalleryObjects; images: ImageProcessor }) => ({
  process: (request: { tenantId: string; uploadId: string; imageSecret: string }): Promise<DrawingProcessingResult> =>
    processDrawingUpload({ ...deps, random: { secret: () => request.imageSecret } }, request.tenantId, request.uploadId),
});
