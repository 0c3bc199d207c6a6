import {
  bodyText,
  credentialsFromEnvironment,
  endpointFromEnvironment,
  jsonServiceError,
  regionFromEnvironment,
  sendSigned,
  type AwsCredentials,
} from '@entraide/aws-signed';
import { toQueuedMail, type Clock, type Mailer, type OutgoingMail } from '@entraide/core';

/** Puts one message on a queue. */
export type SendMessage = (queueUrl: string, body: string) => Promise<void>;

/**
 * SQS's `SendMessage` over its JSON protocol, signed by the platform's one aws4 path
 * (`@entraide/aws-signed`): no function loads the SDK's SQS client for it.
 */
export function sqsSendMessage(options: { region?: string; endpoint?: string; credentials?: AwsCredentials } = {}): SendMessage {
  return async (queueUrl, body) => {
    const region = regionFromEnvironment('SQS', options.region);
    const response = await sendSigned({
      service: 'sqs',
      region,
      method: 'POST',
      url: endpointFromEnvironment('SQS', `https://sqs.${region}.amazonaws.com/`, options.endpoint),
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({ QueueUrl: queueUrl, MessageBody: body }),
      credentials: options.credentials ?? credentialsFromEnvironment('SQS'),
    });
    const answer = await bodyText(response);
    if (response.statusCode !== 200) throw jsonServiceError('SQS', response, answer);
  };
}

/**
 * The mailer port as the platform's functions use it in AWS: `send` enqueues the mail on the
 * tenant's outgoing-mail queue; the mail-sender function delivers it. Callers do not change.
 */
export class SqsMailQueue implements Mailer {
  constructor(
    private readonly sendMessage: SendMessage,
    private readonly queueUrl: string,
    private readonly tenantId: string,
    private readonly clock: Clock,
    private readonly randomId: () => string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    const queued = toQueuedMail(this.tenantId, mail, this.clock.now(), this.randomId);
    await this.sendMessage(this.queueUrl, JSON.stringify(queued));
  }
}
