import * as z from 'zod';
import { typedLine } from '../shared/schemas.js';

/** How many kits one counter entry may move, and how many items a return or a declaration may count: beyond is a typing slip. */
export const maxKitsPerEntry = 100;
export const maxItemsPerEntry = 10_000;
export const maxKitsPerDelivery = 100_000;

const pickupPointId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'a pick-up point id of this campaign (GET /config)' })
  .max(40);

/** Staff at the counter: kits handed out to a volunteer. */
export const handOutSchema = z.strictObject({
  kits: z.number().int().min(1).max(maxKitsPerEntry),
  pickupPoint: pickupPointId,
});
export type HandOutInput = z.infer<typeof handOutSchema>;

/** Staff at the counter: what a volunteer brings back (items made, kits not used); at least one of the two. */
export const returnSchema = z
  .strictObject({
    items: z.number().int().min(0).max(maxItemsPerEntry).default(0),
    unusedKits: z.number().int().min(0).max(maxKitsPerEntry).default(0),
    pickupPoint: pickupPointId,
  })
  .refine((entry) => entry.items > 0 || entry.unusedKits > 0, { error: 'nothing returned: items or unusedKits above 0', path: ['items'] });
export type ReturnInput = z.infer<typeof returnSchema>;

/** A volunteer, from their link: "I have made N". */
export const declarationSchema = z.strictObject({ items: z.number().int().min(1).max(maxItemsPerEntry) });
export type DeclarationInput = z.infer<typeof declarationSchema>;

/** Staff: a delivery of kits into the campaign's stock. */
export const stockDeliverySchema = z.strictObject({ kits: z.number().int().min(1).max(maxKitsPerDelivery) });
export type StockDeliveryInput = z.infer<typeof stockDeliverySchema>;

/** A resident signing up as a volunteer: their address is confirmed by a mailed link, never shown to other volunteers. */
export const volunteerSignUpSchema = z.strictObject({
  name: typedLine(80),
  email: z.email().max(254),
  phone: z
    .string()
    .regex(/^\+?[0-9 .-]{6,20}$/, { error: 'a phone number: digits, spaces, dots or dashes, an optional + first' })
    .optional(),
  pickupPoint: pickupPointId,
});
export type VolunteerSignUpInput = z.infer<typeof volunteerSignUpSchema>;
