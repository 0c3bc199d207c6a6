import * as z from 'zod';
import { createPostSchema, editPostSchema } from '../posts/schemas.js';
import { typedText } from '../shared/schemas.js';

export const reportPostSchema = z.strictObject({ reason: typedText(500) });
export const rejectPostSchema = z.strictObject({ reason: typedText(1000) });
export const hidePostSchema = z.strictObject({ reason: typedText(1000).optional() });
/** Staff edit what a resident wrote before publishing it (a phone number in a description). */
export const staffEditSchema = editPostSchema;
/** A post entered by staff for a resident without internet: a name (or initials), no email. */
export const staffCreatePostSchema = createPostSchema.extend({
  author: z.strictObject({ name: createPostSchema.shape.author.shape.name }),
});
export type StaffCreatePostInput = z.infer<typeof staffCreatePostSchema>;

/** `POST /staff/login`: the address a sign-in link is mailed to (if it is a staff member's). */
export const staffLoginSchema = z.strictObject({ email: z.email().max(254) });
