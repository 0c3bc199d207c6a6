import * as z from 'zod';
import { typedLine, typedText } from '../shared/schemas.js';

/** At most this many places on one shift, and this many people waiting for one. */
export const maxPlacesPerShift = 500;
export const maxWaitingPerShift = 500;
export const maxShiftsPerMission = 60;

const point = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** An organisation's public contact: shown on purpose, so only a phone and a web site, both checked. */
const publicWebsite = z.url({ protocol: /^https?$/, error: 'an http or https address' }).max(300);
const publicPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 .()-]{6,25}$/, { error: 'a phone number (digits, spaces, + . - ( ))' });

const instant = z.iso.datetime({ offset: true, error: 'a date and time, ISO 8601 (2026-07-01T08:00:00+02:00)' });

export const shiftInputSchema = z
  .strictObject({
    start: instant,
    end: instant,
    places: z.number().int().min(1).max(maxPlacesPerShift),
  })
  .refine((shift) => Date.parse(shift.end) > Date.parse(shift.start), { error: 'ends before it starts', path: ['end'] });
export type ShiftInput = z.infer<typeof shiftInputSchema>;

export const createMissionSchema = z.strictObject({
  section: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'a section id of this tenant (GET /config)' })
    .max(40),
  title: typedLine(120),
  description: typedText(4000),
  organisation: z.strictObject({
    name: typedLine(120),
    phone: publicPhone.optional(),
    website: publicWebsite.optional(),
  }),
  address: typedLine(200),
  location: point,
  requirements: z
    .strictObject({
      minimumAge: z.number().int().min(0).max(99).optional(),
      equipment: typedText(500).optional(),
      skills: typedText(500).optional(),
    })
    .optional(),
  shifts: z.array(shiftInputSchema).min(1).max(maxShiftsPerMission),
  author: z.strictObject({ name: typedLine(80), email: z.email().max(254) }),
});
export type CreateMissionInput = z.infer<typeof createMissionSchema>;

/** `PATCH /missions/{id}`: what the mission says (not its section, shifts or organiser), at least one field. */
export const editMissionSchema = createMissionSchema
  .pick({ title: true, description: true, organisation: true, address: true, location: true, requirements: true })
  .partial()
  .refine((edit) => Object.keys(edit).length > 0, { error: 'at least one field to change' });
export type EditMissionInput = z.infer<typeof editMissionSchema>;

export const signUpSchema = z.strictObject({
  name: typedLine(80),
  email: z.email().max(254),
  phone: publicPhone.optional(),
  message: typedText(1000).optional(),
  /** The volunteer lets the organiser see their address (never shown otherwise). */
  shareContact: z.boolean().optional(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;
