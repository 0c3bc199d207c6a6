import * as z from 'zod';
import { pageQueryShape, typedLine, typedText } from '../shared/schemas.js';
import { sectionIdSchema } from '../tenant/schemas.js';

const day = z.iso.date({ error: 'a day, YYYY-MM-DD' });
const hospitalId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'a hospital id of this tenant (GET /config)' })
  .max(40);

/** The widest search around a hospital, in km. */
export const maxHousingRadiusKm = 50;

/**
 * `GET /housing`: housing offered to health workers near `hospital`, free every day from `from`
 * to `to` (both included), within `radiusKm` (5 by default, whole kilometres as offers show them).
 */
export const housingQuerySchema = z
  .strictObject({
    hospital: hospitalId,
    from: day,
    to: day,
    radiusKm: z.coerce.number().int({ error: 'whole kilometres' }).min(1).max(maxHousingRadiusKm).default(5),
    section: sectionIdSchema.optional(),
  })
  .refine((query) => query.from <= query.to, { error: 'must not be before from', path: ['to'] });
export type HousingQuery = z.infer<typeof housingQuerySchema>;

/**
 * `POST /health-workers/recognition`: a resident asks to be recognised as a health worker. An
 * address at one of the tenant's domains needs nothing else; any other needs name, profession and
 * employer, for staff to judge (where the tenant has staff approve requests).
 */
export const recognitionRequestSchema = z.strictObject({
  email: z.email().max(254),
  name: typedLine(80).optional(),
  profession: typedLine(80).optional(),
  employer: typedLine(120).optional(),
});
export type RecognitionRequestInput = z.infer<typeof recognitionRequestSchema>;

/** `POST /staff/health-workers/{id}/refuse` and `…/withdraw`: an optional word to the resident. */
export const recognitionRefusalSchema = z.strictObject({ reason: typedText(500).optional() });

export const recognitionStatuses = ['pending_verification', 'awaiting_approval', 'recognised', 'refused', 'withdrawn'] as const;
export type RecognitionStatus = (typeof recognitionStatuses)[number];

/** `GET /staff/health-workers`: the requests awaiting staff (oldest first), or those recognised, refused or withdrawn. */
export const recognitionListQuerySchema = z.strictObject({
  status: z.enum(['awaiting_approval', 'recognised', 'refused', 'withdrawn']).default('awaiting_approval'),
  ...pageQueryShape(50),
});
export type RecognitionListQuery = z.infer<typeof recognitionListQuerySchema>;
