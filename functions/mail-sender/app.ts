import { deliverQueuedMail, parseQueuedMail, PoisonMessageError, type Clock, type MailLedger, type MailTransport } from '@entraide/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { eventHandler, type Logger } from '../shared/logger.js';

export interface MailSenderDeps {
  tenantId: string;
  ledger: MailLedger;
  /** SES itself: the only place in the platform that really sends. */
  transport: MailTransport;
  /** Told the Message-ID each recipient received, for mails with a thread key (the relay's conversations). */
  sent?: (threadKey: string, messageId: string) => Promise<void>;
  clock: Clock;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/** SES answers these when it is busy or briefly unwell: worth another try. Anything else is about the message. */
const transientNames = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'TimeoutError',
]);

export function isTransientSesError(error: unknown): boolean {
  const candidate = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number }; code?: string } | null;
  if (!candidate) return false;
  if (candidate.name && transientNames.has(candidate.name)) return true;
  if (candidate.$retryable) return true;
  const status = candidate.$metadata?.httpStatusCode ?? 0;
  return status === 429 || status >= 500 || ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED'].includes(candidate.code ?? '');
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one sender: takes a batch of queued mails (SQS event), delivers each at most once, and
 * reports the ones to deliver again (partial batch response). A poison message is reported
 * alone: the rest of its batch is not held back, and after the queue's maxReceiveCount it rests
 * in the dead-letter queue.
 */
export function mailSenderHandler(deps: MailSenderDeps) {
  const delivery = {
    ledger: deps.ledger,
    transport: deps.transport,
    clock: deps.clock,
    isTransient: isTransientSesError,
    sleep: deps.sleep ?? realSleep,
    ...(deps.sent ? { sent: deps.sent } : {}),
  };
  return eventHandler({ logger: deps.logger, tenantId: deps.tenantId }, async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        const queued = parseQueuedMail(record.body);
        if (queued.tenantId !== deps.tenantId) throw new PoisonMessageError(`mail of tenant ${queued.tenantId}`);
        const outcome = await deliverQueuedMail(delivery, queued);
        deps.logger.info('mail handled', { messageId: record.messageId, outcome, purpose: queued.mail.purpose ?? 'other' });
      } catch (error) {
        // Never the recipient or the content in the logs: the message id finds it in the queue.
        deps.logger.warn('mail not sent; back to the queue', {
          messageId: record.messageId,
          receiveCount: record.attributes?.ApproximateReceiveCount,
          error: (error as Error).name,
          reason: error instanceof PoisonMessageError ? error.message : undefined,
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  });
}
