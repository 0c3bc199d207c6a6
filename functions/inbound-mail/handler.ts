import { readRawMail } from '@entraide/mail-transport';
import { S3Objects } from '@entraide/s3-store';
import * as z from 'zod/mini';
import { readTenantEnv } from '../shared/tenant-env.js';
import { tenantDeps, tenantDepsVariables } from '../shared/tenant-deps.js';
import { inboundMailProcessor, maxInboundBytes, sesInboundHandler } from './app.js';

// Built once per container.
const env = readTenantEnv({
  ...tenantDepsVariables,
  // Replies go out through the tenant's sender, never to SES from here: no sender, no container.
  MAIL_SENDER_FUNCTION: z.string().check(z.minLength(1)),
  INBOUND_BUCKET: z.string().check(z.minLength(3)),
  INBOUND_PREFIX: z.string(),
});
const deps = tenantDeps('inbound-mail', env);
const inbound = new S3Objects({ bucket: env.INBOUND_BUCKET });

const keyOf = (messageId: string) => `${env.INBOUND_PREFIX}${messageId}`;

/** The Lambda action of the tenant's receipt rule, after its S3 action stored the mail. */
export const handler = sesInboundHandler({
  tenantId: deps.tenant.id,
  logger: deps.logger,
  process: inboundMailProcessor(deps),
  source: {
    read: (messageId) => readRawMail(inbound, keyOf(messageId), maxInboundBytes),
    remove: (messageId) => inbound.remove([keyOf(messageId)]),
  },
});
