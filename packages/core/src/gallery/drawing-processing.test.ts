import { processDrawingUpload, uploadObjectKey, type ImageProcessor } from './index.js';
import { MemoryGalleryObjects } from '../../../../test/support/core-fakes.js';

const jpegStart = [0xff, 0xd8, 0xff, 0xe0];
const encoded = (side: number) => ({ bytes: new Uint8Array([side % 256]), width: side, height: side });
/** A decoder that takes everything it is given and says what it was asked. */
const acceptingProcessor = (): ImageProcessor & { calls: unknown[] } => {
  const calls: unknown[] = [];
  return {
    calls,
    reencode: async (_bytes, limits) => {
      calls.push(limits);
      return { display: encoded(limits.displayMaxSide), thumbnail: encoded(limits.thumbnailMaxSide) };
    },
  };
};
/** Every object left is an upload's empty marker: not a byte of any refused file. */
const nothingButMarkers = (objects: MemoryGalleryObjects) =>
  objects.keysWithBytes().length === 0 && objects.keys().every((key) => key.startsWith('uploads/'));
let secrets = 0;
const random = { secret: () => `secret-${++secrets}` };

describe('processing an upload', () => {
  it('stores a display size and a thumbnail under a random folder of the tenant, then removes the upload', async () => {
    const objects = new MemoryGalleryObjects();
    const key = uploadObjectKey('bourg-la-reine', 'u1');
    objects.put(key, new Uint8Array([...jpegStart, 1, 2, 3]));
    const images = acceptingProcessor();
    const result = await processDrawingUpload({ objects, images, random }, 'bourg-la-reine', 'u1');
    expect(result).toEqual({
      outcome: 'stored',
      images: {
        displayKey: expect.stringMatching(/^gallery\/bourg-la-reine\/secret-\d+\/display\.webp$/),
        thumbnailKey: expect.stringMatching(/^gallery\/bourg-la-reine\/secret-\d+\/thumbnail\.webp$/),
        width: 1600,
        height: 1600,
      },
    });
    expect(images.calls).toEqual([{ format: 'image/jpeg', maxPixels: 40_000_000, displayMaxSide: 1600, thumbnailMaxSide: 400 }]);
    // The upload replaced by an empty marker: its URL cannot upload again (If-None-Match: *).
    expect(objects.keys()).toEqual([
      (result as { images: { displayKey: string } }).images.displayKey,
      (result as { images: { thumbnailKey: string } }).images.thumbnailKey,
      key,
    ]);
    expect(await objects.read(key, 1)).toEqual(new Uint8Array(0));
  });

  it.each([
    ['a text renamed .jpg', new TextEncoder().encode('Bonjour, ceci est un texte'), 'not_an_image'],
    ['an SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'not_an_image'],
    ['an HTML page', new TextEncoder().encode('<!doctype html><script>alert(1)</script>'), 'not_an_image'],
    ['a GIF', new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000'), 'not_an_image'],
    ['more than 10 MB', new Uint8Array(10 * 1024 * 1024 + 1).fill(0xff), 'too_large'],
  ])('refuses %s from its bytes, and keeps nothing of it', async (_what, bytes, reason) => {
    const objects = new MemoryGalleryObjects();
    objects.put(uploadObjectKey('bourg-la-reine', 'u2'), bytes);
    const images = acceptingProcessor();
    expect(await processDrawingUpload({ objects, images, random }, 'bourg-la-reine', 'u2')).toEqual({ outcome: 'refused', reason });
    expect(images.calls).toEqual([]);
    expect(nothingButMarkers(objects)).toBe(true);
  });

  it('refuses what the decoder refuses, and keeps nothing of it', async () => {
    const objects = new MemoryGalleryObjects();
    objects.put(uploadObjectKey('bourg-la-reine', 'u3'), new Uint8Array([...jpegStart, 0]));
    const images: ImageProcessor = { reencode: async () => ({ refused: 'too_many_pixels' }) };
    expect(await processDrawingUpload({ objects, images, random }, 'bourg-la-reine', 'u3')).toEqual({
      outcome: 'refused',
      reason: 'too_many_pixels',
    });
    expect(nothingButMarkers(objects)).toBe(true);
  });

  it('a used upload (its empty marker) is taken for no upload, and the images of its run are found again', async () => {
    const objects = new MemoryGalleryObjects();
    const images = acceptingProcessor();
    objects.put(uploadObjectKey('bourg-la-reine', 'u5'), new Uint8Array([...jpegStart, 1]));
    const fixed = { secret: () => 'same-folder' };
    const first = await processDrawingUpload({ objects, images, random: fixed }, 'bourg-la-reine', 'u5');
    expect(await processDrawingUpload({ objects, images, random: fixed }, 'bourg-la-reine', 'u5')).toEqual({
      outcome: 'stored',
      images: { displayKey: (first as { images: { displayKey: string } }).images.displayKey, thumbnailKey: expect.any(String) },
    });
    expect(images.calls).toHaveLength(1);
    expect(await processDrawingUpload({ objects, images, random }, 'bourg-la-reine', 'u5')).toEqual({
      outcome: 'refused',
      reason: 'missing',
    });
  });

  it('says so when nothing was uploaded', async () => {
    const objects = new MemoryGalleryObjects();
    expect(await processDrawingUpload({ objects, images: acceptingProcessor(), random }, 'bourg-la-reine', 'u4')).toEqual({
      outcome: 'refused',
      reason: 'missing',
    });
  });
});
