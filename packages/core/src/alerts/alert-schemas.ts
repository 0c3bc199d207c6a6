import * as z from 'zod';
import { locationSchema } from '../posts/schemas.js';
import { categoryIdSchema, postKindIds } from '../tenant/schemas.js';

/**
 * Alerts: a resident asks to hear, once a day, of new posts of a category and/or kind within R km
 * of a point. The address is verified by a link first; every mail carries a one-click unsubscribe
 * link, and unsubscribing erases the address and the point.
 */
export const createAlertSchema = z.strictObject({
  email: z.email().max(254),
  near: locationSchema,
  radiusKm: z.number().positive().max(300),
  category: categoryIdSchema.optional(),
  kind: z.enum(postKindIds).optional(),
});
export type CreateAlertInput = z.infer<typeof createAlertSchema>;
