import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoHttpClient } from '@entraide/dynamodb-store';
import { S3GalleryObjects } from '@entraide/s3-store';
import { SesHttpClient } from '@entraide/ses-mailer';
import { localS3Credentials } from './server-threads.js';

export { startEmbeddedDynamo, startEmbeddedSes, type RunningServer } from './server-threads.js';

/** Local credentials are dummies: the embedded servers accept anything that looks signed. */
const dummyCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const localRegion = 'eu-west-3';
/** The gallery's one bucket, a prefix per tenant, as in AWS. */
export const localGalleryBucket = 'entraide-gallery';

export const localDynamoClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: localRegion, credentials: dummyCredentials });

/**
 * What the stores use, as in Lambda (the SDK client above only creates tables), but for how long an
 * attempt may wait. In AWS, 5 s without an answer means a lost connection, and a new attempt helps;
 * the embedded DynamoDB on this machine is never lost, only slow when the machine is busy (50
 * concurrent writes on a loaded laptop can take longer), and an attempt abandoned there may still
 * be applied. A minute is a guard against a hang, not a retry policy.
 */
export const localDocClient = (endpoint: string): DynamoHttpClient =>
  new DynamoHttpClient({ endpoint, region: localRegion, credentials: dummyCredentials, attemptTimeoutMs: 60_000 });

/** `endpoint` may be a promise of it: each call then waits for the SES server to be up (`npm start`). */
export const localSesClient = (endpoint: string | Promise<string>): SesHttpClient =>
  new SesHttpClient({ endpoint, region: localRegion, credentials: dummyCredentials });

/** The gallery's objects in the embedded S3, signed as the functions sign in AWS. */
export const localGalleryObjects = (endpoint: string, now?: () => Date): S3GalleryObjects =>
  new S3GalleryObjects({
    endpoint,
    bucket: localGalleryBucket,
    region: localRegion,
    credentials: localS3Credentials,
    ...(now ? { now } : {}),
  });

export interface OutboxMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** The headers the sender added (SES v2 `Content.Simple.Headers`). */
  headers?: { name: string; value: string }[];
  at: number;
}

/** Every mail the embedded SES has sent, oldest first. */
export async function readOutbox(sesEndpoint: string): Promise<OutboxMail[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  if (!response.ok) throw new Error(`outbox: HTTP ${response.status}`);
  return ((await response.json()) as { emails: OutboxMail[] }).emails;
}
