import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseTenantConfig } from '@entraide/core';
import { readRawMail } from '@entraide/mail-transport';
import * as z from 'zod';
import { buildAdapters } from '../shared/adapters.js';
import { readEnv } from '../shared/env.js';
import { createLogger } from '../shared/logger.js';
import { inboundMailProcessor, maxInboundBytes, sesInboundHandler } from './app.js';

// Built once per container.
const env = readEnv({
  TENANT_CONFIG: z.string().min(2),
  TABLE_NAME: z.string().min(1),
  SITE_URL: z.url(),
  MAIL_FROM: z.string().min(3),
  MAIL_QUEUE_URL: z.url(),
  INBOUND_BUCKET: z.string().min(3),
  INBOUND_PREFIX: z.string(),
});
const tenant = parseTenantConfig(JSON.parse(env.TENANT_CONFIG), 'TENANT_CONFIG');
const logger = createLogger('inbound-mail');
const s3 = new S3Client({});

const keyOf = (messageId: string) => `${env.INBOUND_PREFIX}${messageId}`;

/** The Lambda action of the tenant's receipt rule, after its S3 action stored the mail. */
export const handler = sesInboundHandler({
  tenantId: tenant.id,
  logger,
  process: inboundMailProcessor({
    tenant,
    siteUrl: env.SITE_URL,
    logger,
    ...buildAdapters({ tenantId: tenant.id, tableName: env.TABLE_NAME, mailFrom: env.MAIL_FROM, mailQueueUrl: env.MAIL_QUEUE_URL }),
  }),
  source: {
    read: (messageId) => readRawMail(s3, env.INBOUND_BUCKET, keyOf(messageId), maxInboundBytes),
    remove: async (messageId) => {
      await s3.send(new DeleteObjectCommand({ Bucket: env.INBOUND_BUCKET, Key: keyOf(messageId) }));
    },
  },
});
