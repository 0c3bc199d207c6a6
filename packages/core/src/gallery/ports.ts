import type { DrawingImageType } from './gallery-schemas.js';

/** A presigned upload: the browser sends the file itself, straight to the object store, with these headers. */
export interface PresignedUpload {
  method: 'PUT';
  url: string;
  /** Every header the URL is signed for, to send as they are (the content length is the file's own). */
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * The gallery's objects (an S3 bucket in AWS, the embedded S3 server locally). Keys are whole
 * object keys, the tenant at their head (`object-keys.ts`); the adapter holds the bucket.
 */
export interface GalleryObjects {
  /**
   * A URL that uploads exactly one object: this key, this content type, this many bytes, before
   * `expiresInSeconds`, and only while no object has that key (`If-None-Match: *`).
   */
  presignUpload(request: {
    key: string;
    contentType: DrawingImageType;
    sizeBytes: number;
    expiresInSeconds: number;
  }): Promise<PresignedUpload>;
  /** The object's bytes; `too_large` past `maxBytes` (not read further), `missing` if there is none. */
  read(key: string, maxBytes: number): Promise<Uint8Array | 'too_large' | 'missing'>;
  write(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Deletes each key; a key with no object is no error. */
  remove(keys: readonly string[]): Promise<void>;
}

/** One re-encoded size of an image (WebP, no metadata). */
export interface EncodedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/**
 * The image decoder and encoder (sharp in the processing function). It decodes `format` only,
 * refuses a header announcing more than `maxPixels` before decoding, refuses a damaged file, and
 * re-encodes two sizes with no metadata at all.
 */
export interface ImageProcessor {
  reencode(
    bytes: Uint8Array,
    limits: { format: DrawingImageType; maxPixels: number; displayMaxSide: number; thumbnailMaxSide: number },
  ): Promise<{ display: EncodedImage; thumbnail: EncodedImage } | { refused: 'too_many_pixels' | 'unreadable' | 'not_an_image' }>;
}
