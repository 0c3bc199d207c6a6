import * as z from 'zod';
import { createPostSchema, editPostSchema } from '../posts/schemas.js';

const reasonText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text), { error: 'control characters are not allowed' });

export const reportPostSchema = z.strictObject({ reason: reasonText(500) });
export const rejectPostSchema = z.strictObject({ reason: reasonText(1000) });
export const hidePostSchema = z.strictObject({ reason: reasonText(1000).optional() });
/** Staff edit what a resident wrote before publishing it (a phone number in a description). */
export const staffEditSchema = editPostSchema;
/** A post entered by staff for a resident without internet: a name (or initials), no email. */
export const staffCreatePostSchema = createPostSchema.extend({
  author: z.strictObject({ name: createPostSchema.shape.author.shape.name }),
});
export type StaffCreatePostInput = z.infer<typeof staffCreatePostSchema>;
