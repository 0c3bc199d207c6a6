import * as z from 'zod';
import { createLogger } from '../shared/logger.js';
import { readEnv } from '../shared/env.js';
import { tenantRouteProvider, tenantRoutes } from './app.js';
import { kvsSender } from './kvs-client.js';

// Built once per container: the site's KeyValueStore and Lambda's credentials.
const env = readEnv({
  KVS_ARN: z.string().regex(/^arn:aws[a-z-]*:cloudfront::\d{12}:key-value-store\/[0-9a-f-]+$/),
  AWS_ACCESS_KEY_ID: z.string().min(1),
  AWS_SECRET_ACCESS_KEY: z.string().min(1),
  AWS_SESSION_TOKEN: z.string().optional(),
});
const logger = createLogger('tenant-routes');
const send = kvsSender({
  kvsArn: env.KVS_ARN,
  credentials: {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  },
});

const provider = tenantRouteProvider({
  routes: tenantRoutes(send),
  respond: async (url, body) => {
    // The pre-signed S3 URL CloudFormation waits on: no content type, as it was signed.
    const response = await fetch(url, { method: 'PUT', body, headers: { 'content-type': '' } });
    if (!response.ok) throw new Error(`CloudFormation's response URL answered ${response.status}`);
  },
});

/** Invoked by CloudFormation for each tenant stack's TenantApiRoute. */
export const handler = async (event: unknown): Promise<void> => {
  const outcome = await provider(event);
  // The tenant and the outcome; the domain is no secret, but nothing else is needed.
  logger.info('tenant route', { status: outcome.Status, tenant: outcome.PhysicalResourceId, reason: outcome.Reason ?? null });
};
