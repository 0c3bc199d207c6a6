import type { SendEmailCommandInput, SESv2Client } from '@aws-sdk/client-sesv2';
import { jsonServiceError, postJson, regionFromEnvironment, type AwsCredentials } from '@entraide/aws-signed';

/**
 * What the mailer sends: SES v2's `SendEmail` with the SDK command's name and input shape, so the
 * mailer reads as it would with the SDK. The client behind it is `SesHttpClient` (SES v2's REST
 * API signed by the platform's one aws4 path): no function loads the SDK's SES client, which was
 * most of the mail sender's cold start (docs/performance.md).
 */
export class SendEmailCommand {
  constructor(readonly input: SendEmailCommandInput) {}
}

export interface SesClient {
  send(command: SendEmailCommand): Promise<{ MessageId?: string }>;
  /** The region mail is sent from (the domain of the Message-ID SES gives). */
  region(): Promise<string>;
}

export interface SesHttpClientOptions {
  /** Default: `AWS_REGION`, then `AWS_DEFAULT_REGION`. */
  region?: string;
  /** Default: `AWS_ENDPOINT_URL_SESV2`, then `AWS_ENDPOINT_URL`, then SES's regional endpoint. A promise: each call waits for it (`npm start`'s SES starts late). */
  endpoint?: string | Promise<string>;
  /** Default: Lambda's, from the environment, read on each request. */
  credentials?: AwsCredentials;
}

/** SES v2 over its REST API (`POST /v2/email/outbound-emails`), signed as `ses`. */
export class SesHttpClient implements SesClient {
  constructor(private readonly options: SesHttpClientOptions = {}) {}

  async region(): Promise<string> {
    return regionFromEnvironment('SES', this.options.region);
  }

  async send(command: SendEmailCommand): Promise<{ MessageId?: string }> {
    const { endpoint: pending, ...where } = this.options;
    const endpoint = await pending;
    const { response, body } = await postJson({
      ...where,
      ...(endpoint ? { endpoint } : {}),
      name: 'SES',
      service: 'ses',
      endpointVariable: 'SESV2',
      host: (region) => `email.${region}.amazonaws.com`,
      path: '/v2/email/outbound-emails',
      payload: command.input,
    });
    if (response.statusCode !== 200) throw jsonServiceError('SES', response, body);
    return JSON.parse(body) as { MessageId?: string };
  }

  /** Nothing to close: idle keep-alive connections do not hold a process open. */
  destroy(): void {}
}

/** The AWS SDK's SES v2 client, which tests (aws-sdk-client-mock) and tools may still hand the mailer. */
export type SdkSesClient = Pick<SESv2Client, 'send' | 'config'>;

const isSdkClient = (client: SesClient | SdkSesClient): client is SdkSesClient => 'middlewareStack' in client;

/**
 * The client the mailer works with. An SDK client is wrapped: its command class loads on first use
 * through an import esbuild does not follow (the name is not a literal), so no function bundle
 * carries the SDK for it (as dynamodb-store's `docClientOf` does for the document client).
 */
export function sesClientOf(client: SesClient | SdkSesClient): SesClient {
  if (!isSdkClient(client)) return client;
  const library = '@aws-sdk/client-sesv2';
  let sdk: Promise<{ SendEmailCommand: new (input: SendEmailCommandInput) => unknown }> | undefined;
  return {
    async send(command) {
      sdk ??= import(library) as typeof sdk & object;
      const { SendEmailCommand: SdkSendEmail } = await sdk;
      return (await client.send(new SdkSendEmail(command.input) as never)) as { MessageId?: string };
    },
    region: () => client.config.region(),
  };
}
