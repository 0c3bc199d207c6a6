import * as z from 'zod';
import { phoneSchema } from '../directory/schemas.js';
import { closeOutcomes, createPostSchema, editPostSchema } from '../posts/schemas.js';
import { followUpAnswerSchema } from '../relay/schemas.js';
import { typedText } from '../shared/schemas.js';

export const reportPostSchema = z.strictObject({ reason: typedText(500) });
export const rejectPostSchema = z.strictObject({ reason: typedText(1000) });
export const hidePostSchema = z.strictObject({ reason: typedText(1000).optional() });
/** Staff edit what a resident wrote before publishing it (a phone number in a description). */
export const staffEditSchema = editPostSchema;
/** What staff keep of a phone call, for staff only: the caller's number and a note. */
export const callerSchema = z.strictObject({ phone: phoneSchema.optional(), note: typedText(1000).optional() });
/** A post entered by staff for a resident without internet: a name (or initials), no email; the caller's phone and a note. */
export const staffCreatePostSchema = createPostSchema.extend({
  author: z.strictObject({ name: createPostSchema.shape.author.shape.name }),
  caller: callerSchema.optional(),
});
/** `POST /staff/posts/{id}/close`: staff close a post with how it ended (never counted as refused). */
export const staffCloseSchema = z.strictObject({ outcome: z.enum(closeOutcomes) });
/** `POST /staff/posts/{id}/follow-up`: staff answer "did the help happen?" for its author (who has no internet). */
export const staffFollowUpSchema = followUpAnswerSchema.pick({ answer: true });
export type StaffCreatePostInput = z.infer<typeof staffCreatePostSchema>;

/** `POST /staff/login`: the address a sign-in link is mailed to (if it is a staff member's). */
export const staffLoginSchema = z.strictObject({ email: z.email().max(254) });
