import { toQueuedMail, type Clock, type Mailer, type OutgoingMail } from '@entraide/core';

interface Invocation {
  id: string;
  payload: unknown;
  attempts: number;
  /** Epoch ms before which a retry waits (Lambda waits a minute, then two). */
  dueAt: number;
}

/** What Lambda puts in a function's on-failure destination once its retries are spent. */
export interface FailedInvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: { requestId: string; functionArn: string; condition: 'RetriesExhausted'; approximateInvokeCount: number };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: string; functionError: 'Unhandled' };
  responsePayload: { errorType: string; errorMessage: string };
}

export interface LocalMailState {
  pending: { invocationId: string; attempts: number }[];
  deadLetters: { invocationId: string; attempts: number; record: FailedInvocationRecord }[];
}

/**
 * The tenant's mail sender as Lambda runs it when invoked asynchronously (decision 0022), on one
 * machine, with Lambda's behaviour where it matters: `send` hands the mail over (the caller never
 * sees a delivery failure), the mail-sender function's code runs one invocation at a time (its
 * reserved concurrency), a failed invocation is retried twice after a delay, then its on-failure
 * record (the payload under `requestPayload`, as Lambda writes it) goes to the dead letters.
 * Unlike Lambda, `send` resolves after a first attempt: the outbox then already holds the mail,
 * which is what a person trying the platform (or a test) expects.
 */
export class LocalMailSender implements Mailer {
  private readonly invocations: Invocation[] = [];
  private readonly deadLetters: LocalMailState['deadLetters'] = [];
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;
  private stopped = false;

  constructor(
    private readonly options: {
      tenantId: string;
      /** The mail-sender function's handler: resolves when the mail is handled, throws to be retried. */
      sender: (event: unknown) => Promise<unknown>;
      clock: Clock;
      randomId: () => string;
      /** Lambda's `MaximumRetryAttempts` (0 to 2): the sender's is 2. */
      retryAttempts?: number;
      /** Wait before the first retry, doubled for the second (Lambda: about a minute, then two). */
      retryDelayMs?: number;
    },
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    await this.invoke(toQueuedMail(this.options.tenantId, mail, this.options.clock.now(), this.options.randomId));
  }

  /** An asynchronous Invoke with any payload, as another caller could send (tests use it for a poison payload). */
  async invoke(payload: unknown): Promise<string> {
    const id = `local-${this.options.tenantId}-${++this.sequence}`;
    this.invocations.push({ id, payload, attempts: 0, dueAt: 0 });
    await this.runDue();
    return id;
  }

  /** Runs every invocation that is due, one at a time. */
  runDue(): Promise<void> {
    this.running = this.running.then(() => this.runDueNow()).catch((error: unknown) => console.error('local mail sender', error));
    return this.running;
  }

  state(): LocalMailState {
    return {
      pending: this.invocations.map(({ id, attempts }) => ({ invocationId: id, attempts })),
      deadLetters: [...this.deadLetters],
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async runDueNow(): Promise<void> {
    for (;;) {
      const invocation = this.invocations.find((candidate) => candidate.dueAt <= Date.now());
      if (!invocation || this.stopped) break;
      invocation.attempts++;
      try {
        await this.options.sender(invocation.payload);
        this.invocations.splice(this.invocations.indexOf(invocation), 1);
      } catch (error) {
        if (invocation.attempts > (this.options.retryAttempts ?? 2)) {
          this.invocations.splice(this.invocations.indexOf(invocation), 1);
          this.deadLetters.push({ invocationId: invocation.id, attempts: invocation.attempts, record: this.failure(invocation, error) });
        } else {
          invocation.dueAt = Date.now() + (this.options.retryDelayMs ?? 2000) * 2 ** (invocation.attempts - 1);
        }
      }
    }
    this.scheduleRetry();
  }

  private failure(invocation: Invocation, error: unknown): FailedInvocationRecord {
    return {
      version: '1.0',
      timestamp: this.options.clock.now().toISOString(),
      requestContext: {
        requestId: invocation.id,
        functionArn: `arn:aws:lambda:local:000000000000:function:entraide-${this.options.tenantId}-mail-sender:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: invocation.attempts,
      },
      requestPayload: invocation.payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: (error as Error).name ?? 'Error', errorMessage: (error as Error).message ?? String(error) },
    };
  }

  private scheduleRetry(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.invocations.length === 0 || this.stopped) return;
    const next = Math.min(...this.invocations.map((invocation) => invocation.dueAt));
    this.timer = setTimeout(() => void this.runDue(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }
}
