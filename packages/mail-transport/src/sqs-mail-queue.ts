import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { toQueuedMail, type Clock, type Mailer, type OutgoingMail } from '@entraide/core';

/**
 * The mailer port as the platform's functions use it in AWS: `send` enqueues the mail on the
 * tenant's outgoing-mail queue; the mail-sender function delivers it. Callers do not change.
 */
export class SqsMailQueue implements Mailer {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly tenantId: string,
    private readonly clock: Clock,
    private readonly randomId: () => string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    const queued = toQueuedMail(this.tenantId, mail, this.clock.now(), this.randomId);
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(queued) }));
  }
}
