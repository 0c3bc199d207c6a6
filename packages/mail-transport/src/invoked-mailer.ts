import type { InvokeAsync } from '@entraide/aws-signed';
import { toQueuedMail, type Clock, type Mailer, type OutgoingMail } from '@entraide/core';

/**
 * The mailer port as the platform's functions use it in AWS: `send` hands the mail to the tenant's
 * mail-sender function by an asynchronous Invoke (Lambda queues it, retries a failed delivery
 * twice, then puts it in the platform's dead-letter queue: decision 0022); the sender delivers it
 * once. Billed per mail, nothing while no one writes. Callers do not change.
 */
export class InvokedMailer implements Mailer {
  constructor(
    private readonly invoke: InvokeAsync,
    private readonly senderFunction: string,
    private readonly tenantId: string,
    private readonly clock: Clock,
    private readonly randomId: () => string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    const queued = toQueuedMail(this.tenantId, mail, this.clock.now(), this.randomId);
    if (!(await this.invoke(this.senderFunction, queued))) throw new Error(`no mail sender ${this.senderFunction}`);
  }
}
