import { lambdaInvokeAsync } from '@entraide/aws-signed';
import { S3Objects } from '@entraide/s3-store';
import * as z from 'zod';
import { readEnv } from '../shared/env.js';
import { createLogger } from '../shared/logger.js';
import { mailDispatcher } from './app.js';

// Built once per container.
const env = readEnv({ INBOUND_BUCKET: z.string().min(3), RELAY_DOMAIN: z.string().min(3) });
const inbound = new S3Objects({ bucket: env.INBOUND_BUCKET });
const logger = createLogger('mail-dispatch');
/** SES accepts mails of up to 40 MB; the tenant's function drops what is over its own cap. */
const maxReceivedBytes = 40 * 1024 * 1024;

/** SES's platform receipt rule (after its S3 action) and the bounces topic's one subscription. */
export const handler = mailDispatcher({
  relayDomain: env.RELAY_DOMAIN,
  copy: async (fromKey, toKey) => {
    const bytes = await inbound.read(fromKey, maxReceivedBytes);
    if (bytes === 'missing' || bytes === 'too_large') throw new Error(`received mail ${fromKey}: ${bytes}`);
    await inbound.write(toKey, bytes, 'message/rfc822');
  },
  remove: (key) => inbound.remove([key]),
  // Asynchronous (`Event`): 202 accepted, 404 no such function, anything else thrown (SES and SNS retry).
  invoke: lambdaInvokeAsync(),
  logger,
});
