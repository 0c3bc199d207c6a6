/** The plain rules of a drawing's upload and consent, with no zod: the site's first render reads them (`@entraide/core/plain`). */

/** What a parent may upload: the three formats the processing step decodes (checked again from the bytes). */
export const drawingImageTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type DrawingImageType = (typeof drawingImageTypes)[number];

/** The largest upload taken (the presigned upload signs the exact size announced, never more). */
export const maxDrawingBytes = 10 * 1024 * 1024;

/**
 * The words a parent agrees to, stored with the drawing as they were shown (French first, English
 * second): the site shows the same text beside the box it ticks.
 */
export const drawingConsentWords = {
  fr: 'J’autorise la collectivité à publier ce dessin, le prénom et l’âge de l’enfant et le message dans sa galerie publique, après relecture par son équipe. Je peux le supprimer à tout moment avec le lien reçu par e-mail.',
  en: 'I allow the local government to publish this drawing, the child’s first name and age and the message in its public gallery, after its staff have read them. I can delete it at any time with the link I receive by email.',
} as const;
