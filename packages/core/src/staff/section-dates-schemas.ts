import * as z from 'zod';

const day = z.iso.date({ error: 'a day, YYYY-MM-DD' });

/** `POST /staff/sections/{id}`: a section's first and last days (null: no limit). Open now: no end; close now: an end before today. */
export const sectionDatesSchema = z
  .strictObject({ startsOn: day.nullable(), endsOn: day.nullable() })
  .refine((dates) => !dates.startsOn || !dates.endsOn || dates.startsOn <= dates.endsOn, {
    error: 'the last day comes on or after the first',
    path: ['endsOn'],
  });
export type SectionDatesInput = z.infer<typeof sectionDatesSchema>;
