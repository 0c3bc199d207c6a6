import * as z from 'zod';
import { typedLine, typedText } from '../shared/schemas.js';
import { categoryIdSchema, sectionIdSchema } from '../tenant/schemas.js';
import { locationSchema } from '../posts/schemas.js';
import { weekdays } from './weekdays.js';

/**
 * A listing of the directory: a producer, a shop or a market that sells and delivers. Its contact
 * for orders is public on purpose (a business's, unlike a resident's); the address that enters it
 * is verified by a mailed link and never shown.
 */

export { weekdays, type Weekday } from './weekdays.js';

/** The largest delivery radius accepted (the index is designed for 1–50 km; 100 is the hard limit). */
export const maxDeliveryRadiusKm = 100;

/**
 * A phone number as a business prints it: international (E.164, `+33 5 49 …`) or national (`05 49 …`),
 * spaces, dots, dashes and brackets allowed between digits. Kept as typed; letters are refused.
 */
export const phoneSchema = z
  .string()
  .trim()
  .max(30)
  .refine((phone) => /^(\+[1-9]\d{6,14}|0\d{8,10})$/.test(phone.replace(/[\s.\-()]/g, '')), {
    error: 'a phone number: +33 5 49 00 00 00 (international) or 05 49 00 00 00 (national)',
  });

/** A website: http or https only (never `javascript:` or `data:`), with a host. */
export const websiteSchema = z
  .string()
  .trim()
  .max(300)
  .refine(
    (text) => {
      try {
        const url = new URL(text);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.') && !url.username && !url.password;
      } catch {
        return false;
      }
    },
    { error: 'a web address starting with https:// or http://' },
  );

export const deliveryZoneSchema = z
  .strictObject({
    /** Around the listing's point. */
    radiusKm: z
      .number()
      .positive({ error: 'a radius in km, more than 0' })
      .max(maxDeliveryRadiusKm, { error: `at most ${maxDeliveryRadiusKm} km` })
      .optional(),
    /** Communes by INSEE code (`79191`) or by name (`Niort`): checked against the tenant country's list. */
    communes: z.array(z.string().trim().min(1).max(80)).min(1).max(60).optional(),
  })
  .refine((zone) => zone.radiusKm !== undefined || zone.communes !== undefined, {
    error: 'a radius (radiusKm) and/or a list of communes',
  });

const orderingSchema = z
  .strictObject({
    phone: phoneSchema.optional(),
    website: websiteSchema.optional(),
    /** Shown on the listing: a business address chosen to be public (may differ from the author's). */
    email: z.email().max(254).optional(),
  })
  .refine((ordering) => ordering.phone !== undefined || ordering.website !== undefined || ordering.email !== undefined, {
    error: 'at least one way to order: phone, website or email',
  });

const listingFields = {
  name: typedLine(120),
  description: typedText(2000),
  categories: z.array(categoryIdSchema).min(1).max(5),
  address: typedLine(200),
  location: locationSchema,
  deliveryZone: deliveryZoneSchema,
  deliveryDays: z.array(z.enum(weekdays)).max(7).optional(),
  hours: typedLine(200).optional(),
  ordering: orderingSchema,
  clickAndCollect: z.boolean().optional(),
  delivery: z.boolean().optional(),
};

export const createListingSchema = z.strictObject({
  section: sectionIdSchema,
  ...listingFields,
  author: z.strictObject({ name: typedLine(80), email: z.email().max(254) }),
});
export type CreateListingInput = z.infer<typeof createListingSchema>;

/** `PATCH /listings/{id}`: any field but the section and the author; `paused` takes it off the directory and back. */
export const editListingSchema = z
  .strictObject({ ...listingFields, paused: z.boolean() })
  .partial()
  .refine((edit) => Object.keys(edit).length > 0, { error: 'nothing to change' });
export type EditListingInput = z.infer<typeof editListingSchema>;
