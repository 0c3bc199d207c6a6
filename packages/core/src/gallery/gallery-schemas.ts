import * as z from 'zod';
import { pageQueryShape, typedLine, typedText } from '../shared/schemas.js';
import { sectionIdSchema } from '../tenant/schemas.js';

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

/**
 * The words a parent agrees to, stored with the drawing as they were shown (French first, English
 * second): the site shows the same text beside the box it ticks.
 */
export const drawingConsentWords = {
  fr: 'J’autorise la collectivité à publier ce dessin, le prénom et l’âge de l’enfant et le message dans sa galerie publique, après relecture par son équipe. Je peux le supprimer à tout moment avec le lien reçu par e-mail.',
  en: 'I allow the local government to publish this drawing, the child’s first name and age and the message in its public gallery, after its staff have read them. I can delete it at any time with the link I receive by email.',
} as const;

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
