import {
  deliverQueuedMail,
  parseQueuedMail,
  PoisonMessageError,
  type Clock,
  type DeliveryOutcome,
  type MailLedger,
  type MailTransport,
} from '@entraide/core';
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
 * What Lambda puts in the on-failure destination (the platform's dead-letter queue) after the last
 * retry: the event as sent, under `requestPayload`. Invoking the sender again with that record
 * as is delivers the mail (the operator's redrive, docs/deploying.md).
 */
interface FailedInvocationRecord {
  requestContext: { approximateInvokeCount?: number };
  requestPayload: unknown;
}

const isFailedInvocationRecord = (event: unknown): event is FailedInvocationRecord =>
  typeof event === 'object' && event !== null && 'requestPayload' in event && 'requestContext' in event;

/**
 * The one sender: takes one mail (the payload of an asynchronous Invoke, decision 0022), delivers
 * it at most once, and throws when it should be tried again: Lambda retries it twice, then puts
 * it in the platform's dead-letter queue, where one alarm sees it. A poison payload is refused
 * the same way; retrying it costs nothing but two invocations.
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
  return eventHandler({ logger: deps.logger, tenantId: deps.tenantId }, async (event: unknown): Promise<{ outcome: DeliveryOutcome }> => {
    const redriven = isFailedInvocationRecord(event);
    let mailId: string | undefined;
    try {
      const queued = parseQueuedMail(redriven ? event.requestPayload : event);
      mailId = queued.mailId;
      if (queued.tenantId !== deps.tenantId) throw new PoisonMessageError(`mail of tenant ${queued.tenantId}`);
      const outcome = await deliverQueuedMail(delivery, queued);
      deps.logger.info('mail handled', { mailId, outcome, purpose: queued.mail.purpose ?? 'other', ...(redriven ? { redriven } : {}) });
      return { outcome };
    } catch (error) {
      // Never the recipient or the content in the logs: the mail id finds it in the dead-letter queue.
      deps.logger.warn('mail not sent; Lambda tries it again, then dead-letters it', {
        mailId,
        error: (error as Error).name,
        reason: error instanceof PoisonMessageError ? error.message : undefined,
      });
      throw error;
    }
  });
}
