import { toQueuedMail, type Clock, type Mailer, type OutgoingMail } from '@entraide/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

interface Message {
  messageId: string;
  body: string;
  receiveCount: number;
  /** Epoch ms before which the message is invisible (a failed delivery waits a little). */
  visibleAt: number;
}

export interface LocalQueueState {
  pending: { messageId: string; receiveCount: number }[];
  deadLetters: { messageId: string; receiveCount: number; body: string }[];
}

/**
 * The tenant's outgoing-mail queue on one machine, with SQS's behaviour where it matters: `send`
 * enqueues (the caller never sees a delivery failure), the sender function receives SQS-shaped
 * batches of up to 10 and answers with a partial batch response, a reported message is
 * redelivered after a delay, and after `maxReceiveCount` receives it moves to the dead-letter
 * queue. Unlike SQS, `send` resolves after a first delivery attempt: the outbox then already
 * holds the mail, which is what a person trying the platform (or a test) expects.
 */
export class LocalMailQueue implements Mailer {
  private readonly messages: Message[] = [];
  private readonly deadLetters: Message[] = [];
  private draining: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;
  private stopped = false;

  constructor(
    private readonly options: {
      tenantId: string;
      sender: (event: SQSEvent) => Promise<SQSBatchResponse>;
      clock: Clock;
      randomId: () => string;
      maxReceiveCount?: number;
      /** Wait before a reported message is visible again (SQS: the visibility timeout). */
      redeliveryDelayMs?: number;
    },
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    this.enqueueBody(JSON.stringify(toQueuedMail(this.options.tenantId, mail, this.options.clock.now(), this.options.randomId)));
    await this.drain();
  }

  /** Puts any body on the queue, as another producer could (tests use it for a poison message). */
  enqueueBody(body: string): string {
    const messageId = `local-${this.options.tenantId}-${++this.sequence}`;
    this.messages.push({ messageId, body, receiveCount: 0, visibleAt: 0 });
    return messageId;
  }

  /** Delivers every visible message, batch after batch; one drain at a time, like one poller. */
  drain(): Promise<void> {
    this.draining = this.draining.then(() => this.drainNow()).catch((error: unknown) => console.error('local mail queue', error));
    return this.draining;
  }

  state(): LocalQueueState {
    return {
      pending: this.messages.map(({ messageId, receiveCount }) => ({ messageId, receiveCount })),
      deadLetters: this.deadLetters.map(({ messageId, receiveCount, body }) => ({ messageId, receiveCount, body })),
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async drainNow(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const batch = this.messages.filter((message) => message.visibleAt <= now).slice(0, 10);
      if (batch.length === 0 || this.stopped) break;
      for (const message of batch) message.receiveCount++;
      let failed: Set<string>;
      try {
        const response = await this.options.sender({ Records: batch.map((message) => this.record(message)) });
        failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      } catch {
        // A function that throws fails its whole batch, as with SQS.
        failed = new Set(batch.map((message) => message.messageId));
      }
      for (const message of batch) {
        const index = this.messages.indexOf(message);
        if (!failed.has(message.messageId)) {
          this.messages.splice(index, 1);
        } else if (message.receiveCount >= (this.options.maxReceiveCount ?? 3)) {
          this.messages.splice(index, 1);
          this.deadLetters.push(message);
        } else {
          message.visibleAt = Date.now() + (this.options.redeliveryDelayMs ?? 2000) * message.receiveCount;
        }
      }
    }
    this.scheduleRedelivery();
  }

  private scheduleRedelivery(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.messages.length === 0 || this.stopped) return;
    const next = Math.min(...this.messages.map((message) => message.visibleAt));
    this.timer = setTimeout(() => void this.drain(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }

  private record(message: Message): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: '0',
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:entraide-${this.options.tenantId}-mail`,
      awsRegion: 'local',
    };
  }
}
