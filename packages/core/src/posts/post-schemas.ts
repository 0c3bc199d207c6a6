import * as z from 'zod';
import { typedLine, typedText } from '../shared/schemas.js';
import { categoryIdSchema, postKindIds, sectionIdSchema } from '../tenant/schemas.js';
import { linkTokenLength } from './link-token.js';

export * from './link-token.js';

export const locationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const createPostSchema = z.strictObject({
  kind: z.enum(postKindIds),
  category: categoryIdSchema,
  /** Optional: a post without one is in the tenant's general listing. */
  section: sectionIdSchema.optional(),
  title: typedLine(120),
  description: typedText(4000),
  location: locationSchema,
  author: z.strictObject({
    name: typedLine(80),
    email: z.email().max(254),
  }),
});
export type CreatePostInput = z.infer<typeof createPostSchema>;

export const editPostSchema = z
  .strictObject({
    category: categoryIdSchema,
    section: sectionIdSchema,
    title: typedLine(120),
    description: typedText(4000),
    location: locationSchema,
  })
  .partial()
  .refine((edit) => Object.keys(edit).length > 0, { error: 'nothing to change' });
export type EditPostInput = z.infer<typeof editPostSchema>;

/** How a post ended: its author's two answers, and staff's for a post they follow (one taken by phone). None is a refusal. */
export const closeOutcomes = ['fulfilled', 'no_longer_needed', 'no_answer', 'duplicate'] as const;
export type CloseReason = (typeof closeOutcomes)[number];

export const closePostSchema = z.strictObject({
  reason: z.enum(['fulfilled', 'no_longer_needed']),
});

export const tokenSchema = z.strictObject({ token: z.string().min(linkTokenLength.min).max(linkTokenLength.max) });

/** The one-click answers of the "still needed?" mail: extend the post, or close it with its outcome. */
export const stillNeededSchema = z.strictObject({
  token: tokenSchema.shape.token,
  answer: z.enum(['extend', 'fulfilled', 'no_longer_needed']),
});
export type StillNeededInput = z.infer<typeof stillNeededSchema>;
