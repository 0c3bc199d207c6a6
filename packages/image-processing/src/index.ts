import type { ImageProcessor } from '@entraide/core';

/**
 * The package's face loads sharp (libvips, a native library of ~15 MB, whose loader also probes
 * the C library) on the first image, not at import: the gallery's function pays for it when it
 * processes a drawing, and `npm start` and every test platform that never sees one skip it.
 */
const loaded = () => import('./sharp-image-processor.js');

/** Images through sharp: decode within limits, re-encode without metadata (sharp-image-processor.ts). */
export const sharpImageProcessor: ImageProcessor = {
  reencode: async (bytes, limits) => (await loaded()).sharpImageProcessor.reencode(bytes, limits),
};

/** A PNG of raw RGB pixels: the demo's drawings, made in code (packages/local's seed). */
export const pngOfPixels = async (pixels: Uint8Array, width: number, height: number): Promise<Uint8Array> =>
  (await loaded()).pngOfPixels(pixels, width, height);
