import * as z from 'zod';
import { categoryIdPattern } from './categories.js';

// What a request names of its tenant (a category, a section), apart from the tenant config's own
// schemas: a route that checks these builds none of those (`parseTenantConfig` runs at synth).

/** A category of this tenant (GET /config): built-in or the tenant's own; which ones is checked against the tenant. */
export const categoryIdSchema = z.string().regex(categoryIdPattern, { error: 'a category id of this tenant (GET /config)' }).max(40);

/** A tenant's section ("rubrique", e.g. shops that deliver) in a request; which ones exist is the tenant's. */
export const sectionIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'a section id of this tenant (GET /config)' })
  .max(40);
