import * as z from 'zod';
import { pageQueryShape, typedLine, typedText } from '../shared/schemas.js';
import { sectionIdSchema } from '../tenant/schemas.js';
import { drawingImageTypes, maxDrawingBytes } from './drawing-rules.js';

export * from './drawing-rules.js';

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

/** `POST /drawings`: who drew it (a first name or nothing, an age or nothing), a message, the parent's address, consent, the image announced. */
export const createDrawingSchema = z.strictObject({
  section: sectionIdSchema,
  child: z
    .strictObject({
      firstName: typedLine(40).optional(),
      age: z.number().int().min(1).max(17).optional(),
    })
    .optional(),
  /** Optional: the alt text is then "Dessin de {prénom}, {âge} ans". */
  message: typedText(500).optional(),
  /** Verified by the mailed link; never shown to anyone but staff's administrators. */
  parentEmail: z.email().max(254),
  consent: z.literal(true, { error: 'consent to publication is required' }),
  language: z.enum(['fr', 'en']).optional(),
  image: announcedImageSchema,
});
export type CreateDrawingInput = z.infer<typeof createDrawingSchema>;

/** `GET /drawings`: a section's published drawings (or every one), newest first. */
export const drawingListQuerySchema = z.strictObject({
  section: sectionIdSchema.optional(),
  ...pageQueryShape(48),
});
export type DrawingListQuery = z.infer<typeof drawingListQuerySchema>;
