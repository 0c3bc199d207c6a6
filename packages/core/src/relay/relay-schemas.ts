import * as z from 'zod';
import { linkTokenLength } from '../posts/schemas.js';
import { typedText } from '../shared/schemas.js';
import { aliasTokenPattern } from './alias-token.js';
import { displayName } from './relay-privacy.js';

const residentLineForm = (max: number) =>
  z
    .string()
    .max(max * 4)
    .transform((text) => displayName(text, ''))
    .pipe(z.string().min(1, { error: 'required' }).max(max));

/** The contact form. `website` is the honeypot: a field people never see, that bots fill in. */
export const contactSchema = z.strictObject({
  name: residentLineForm(80),
  email: z.email().max(254),
  message: typedText(4000),
  website: z.string().max(200).optional(),
});
export type ContactInput = z.infer<typeof contactSchema>;

/** Staff write to a post's author from its record (`POST /staff/posts/{id}/messages`). */
export const staffMessageSchema = z.strictObject({
  message: typedText(4000),
});
export type StaffMessageInput = z.infer<typeof staffMessageSchema>;

/** Staff write to one party of a reported conversation (`POST /staff/conversations/{id}/warn`). */
export const staffWarnSchema = z.strictObject({
  party: z.enum(['author', 'resident']),
  message: typedText(4000),
});
export type StaffWarnInput = z.infer<typeof staffWarnSchema>;

/** "Report this message": the reporter proves they are in the conversation with their own alias token. */
export const reportMessageSchema = z.strictObject({
  alias: z.string().regex(aliasTokenPattern, { error: 'not an alias of this platform' }),
});

export const followUpAnswerSchema = z.strictObject({
  token: z.string().min(linkTokenLength.min).max(linkTokenLength.max),
  answer: z.enum(['yes', 'no', 'in_touch']),
});
