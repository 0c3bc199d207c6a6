import * as z from 'zod';

/** What a parent may upload: the three formats the processing step decodes (checked again from the bytes). */
export const drawingImageTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type DrawingImageType = (typeof drawingImageTypes)[number];

/** The largest upload taken (the presigned upload signs the exact size announced, never more). */
export const maxDrawingBytes = 10 * 1024 * 1024;

/** The image a parent announces before uploading it: its type and its exact size in bytes. */
export const announcedImageSchema = z.strictObject({
  contentType: z.enum(drawingImageTypes, { error: 'a JPEG, PNG or WebP image' }),
  sizeBytes: z
    .number()
    .int()
    .min(1)
    .max(maxDrawingBytes, { error: `at most ${maxDrawingBytes / (1024 * 1024)} MB` }),
});
export type AnnouncedImage = z.infer<typeof announcedImageSchema>;
