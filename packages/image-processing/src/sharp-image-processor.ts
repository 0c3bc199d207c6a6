import type { DrawingImageType, EncodedImage, ImageProcessor } from '@entraide/core';
import sharp, { type Metadata } from 'sharp';

/** sharp's name of each format we take: what the header says must be what the first bytes said. */
const sharpFormats: Record<DrawingImageType, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * Images through sharp (libvips, prebuilt for linux-x64 here and linux-arm64 on Lambda, from npm
 * packages: decision 0014). A new pipeline from the decoded pixels never carries the input's
 * metadata (sharp keeps EXIF, XMP or ICC only when asked to), so the output has no GPS position.
 */
export const sharpImageProcessor: ImageProcessor = {
  async reencode(bytes, limits) {
    // Any warning of the decoder (a bad CRC, a truncated file) is a refusal; the pixel limit is checked before decoding.
    const options = { failOn: 'warning', limitInputPixels: limits.maxPixels, sequentialRead: true } as const;
    let metadata: Metadata;
    try {
      // The header only (nothing decoded yet): a bomb's size is read here, and refused below.
      metadata = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
    } catch {
      return { refused: 'unreadable' };
    }
    if (metadata.format !== sharpFormats[limits.format]) return { refused: 'not_an_image' };
    if (!metadata.width || !metadata.height) return { refused: 'unreadable' };
    if (metadata.width * metadata.height > limits.maxPixels) return { refused: 'too_many_pixels' };
    if ((metadata.pages ?? 1) > 1) return { refused: 'not_an_image' };
    try {
      const decoded = await sharp(bytes, options).rotate().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      const resized = async (maxSide: number): Promise<EncodedImage> => {
        const { data, info } = await sharp(decoded.data, { raw: decoded.info })
          .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 82 })
          .toBuffer({ resolveWithObject: true });
        return { bytes: new Uint8Array(data), width: info.width, height: info.height };
      };
      return { display: await resized(limits.displayMaxSide), thumbnail: await resized(limits.thumbnailMaxSide) };
    } catch {
      return { refused: 'unreadable' };
    }
  },
};

/** A PNG of raw RGB pixels: the demo's drawings, made in code (packages/local's seed). */
export async function pngOfPixels(pixels: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  );
}
