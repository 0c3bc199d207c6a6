import { inProcessDrawingProcessor, parseInput } from '@entraide/core';
import { sharpImageProcessor } from '@entraide/image-processing';
import { S3GalleryObjects } from '@entraide/s3-store';
import * as z from 'zod';
import { readEnv } from '../shared/env.js';

/** The tenant and the bucket come from the stack; the event names an upload of that tenant only. */
const env = readEnv({ TENANT_ID: z.string().min(1), GALLERY_BUCKET: z.string().min(3) });
const processor = inProcessDrawingProcessor({ objects: new S3GalleryObjects({ bucket: env.GALLERY_BUCKET }), images: sharpImageProcessor });
const eventSchema = z.strictObject({
  tenantId: z.literal(env.TENANT_ID),
  uploadId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  imageSecret: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/),
});

/** The gallery's processing step (invoked by the tenant's public API on a drawing's verification). */
export const handler = async (event: unknown) => processor.process(parseInput(eventSchema, event, 'event'));
