import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsMailQueue } from '@entraide/mail-transport';
import type { Clock } from '@entraide/core';

/**
 * Loaded by `import()` on the first mail (adapters.ts). Named imports from here, not `import()` of
 * the packages themselves: a dynamically imported package keeps every export in the bundle (all of
 * client-sqs, and client-s3 through mail-transport's index), ~180 KB more for esbuild to ship and
 * Node to parse at every cold start of the public API (`npm run bench:cold`).
 */
export const createSqsMailQueue = (queueUrl: string, tenantId: string, clock: Clock, newId: () => string): SqsMailQueue =>
  new SqsMailQueue(new SQSClient({}), queueUrl, tenantId, clock, newId);
