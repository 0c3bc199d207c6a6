import * as z from 'zod';
import { typedLine, typedText } from '../shared/schemas.js';

/** At most this many suggestions in one orientation mail. */
export const maxSuggestions = 5;

const shortList = (what: string) => z.array(typedLine(60)).max(10, { error: `at most 10 ${what}` });

/** `POST /wishes`: a resident's wish to help, with the address the suggestions will be mailed to. */
export const wishSchema = z.strictObject({
  name: typedLine(80),
  email: z.email().max(254),
  skills: shortList('skills').optional(),
  availability: typedText(500).optional(),
  area: typedLine(120).optional(),
  causes: shortList('causes').optional(),
  languages: shortList('languages').optional(),
  message: typedText(1000).optional(),
});
export type WishInput = z.infer<typeof wishSchema>;

/** A link to a mission on another platform (the city's own site): http or https only. */
const externalUrl = z.url({ protocol: /^https?$/, error: 'an http or https address' }).max(500);

/** One suggestion: a mission of this tenant, an association's need (a short record staff keep), or a mission elsewhere. */
export const suggestionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('mission'),
    missionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'a mission id' }),
    note: typedText(300).optional(),
  }),
  z.strictObject({
    kind: z.literal('association'),
    name: typedLine(120),
    need: typedText(500),
    contact: typedLine(200).optional(),
    website: externalUrl.optional(),
  }),
  z.strictObject({ kind: z.literal('external'), title: typedLine(160), url: externalUrl, note: typedText(300).optional() }),
]);
export type SuggestionInput = z.infer<typeof suggestionSchema>;

/** `POST /staff/wishes/{id}/orientations`: one to five suggestions, and an optional word from staff. */
export const orientationSchema = z.strictObject({
  suggestions: z.array(suggestionSchema).min(1).max(maxSuggestions),
  message: typedText(1000).optional(),
});
export type OrientationInput = z.infer<typeof orientationSchema>;

/** A suggestion's place in its mail (the redirect's path): 0 to 4. */
export const suggestionIndexSchema = z.coerce
  .number()
  .int()
  .min(0)
  .max(maxSuggestions - 1);
