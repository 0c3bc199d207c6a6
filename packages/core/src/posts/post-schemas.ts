import * as z from 'zod';
import { typedLine, typedText } from '../shared/schemas.js';
import { categoryIdSchema, postKindIds, sectionIdSchema } from '../tenant/schemas.js';
import { linkTokenLength } from './link-token.js';

export * from './link-token.js';

export const locationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** What a housing offer to health workers is: a room in a home, or a whole flat. */
export const housingTypes = ['room', 'flat'] as const;
export type HousingType = (typeof housingTypes)[number];

/**
 * A housing offer to health workers (an offer in a section with `audience: health_workers`): the
 * days it is free (YYYY-MM-DD, both included, in the tenant's time zone), for how many people, and
 * what it is. Not in the past is judged by the service, which knows the day.
 */
export const housingInputSchema = z
  .strictObject({
    availableFrom: z.iso.date({ error: 'a day, YYYY-MM-DD' }),
    availableTo: z.iso.date({ error: 'a day, YYYY-MM-DD' }),
    capacity: z.number().int().min(1).max(20),
    type: z.enum(housingTypes),
  })
  .refine((housing) => housing.availableFrom <= housing.availableTo, {
    error: 'must not be before availableFrom',
    path: ['availableTo'],
  });
export type HousingInput = z.infer<typeof housingInputSchema>;

/** An equipment donation to health workers: how many, and at which of the tenant's hospitals it is dropped. */
export const equipmentInputSchema = z.strictObject({
  quantity: z.number().int().min(1).max(100_000),
  dropAt: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'a hospital id of this tenant (GET /config)' })
    .max(40),
});
export type EquipmentInput = z.infer<typeof equipmentInputSchema>;

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
  /** Only for an offer in a section for health workers: housing near the hospitals, or equipment. */
  housing: housingInputSchema.optional(),
  equipment: equipmentInputSchema.optional(),
});
export type CreatePostInput = z.infer<typeof createPostSchema>;

export const editPostSchema = z
  .strictObject({
    category: categoryIdSchema,
    section: sectionIdSchema,
    title: typedLine(120),
    description: typedText(4000),
    location: locationSchema,
    housing: housingInputSchema,
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
