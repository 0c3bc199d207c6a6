import type { DrawingImageType } from './gallery-schemas.js';

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);

/**
 * What an upload is, from its first bytes, whatever its name or the type announced: JPEG, PNG or
 * WebP, or nothing we take (a text, an HTML or SVG file, a GIF, a PDF…). The decoder then checks
 * the rest.
 */
export function imageFormatOf(bytes: Uint8Array): DrawingImageType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF <size> WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}
