import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** What SES inbound stored in S3, as raw RFC 822 bytes. `maxBytes` caps what is read: a bigger mail is refused. */
export async function readRawMail(client: S3Client, bucket: string, key: string, maxBytes: number): Promise<Buffer | 'too_large'> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if ((object.ContentLength ?? 0) > maxBytes) {
    // Do not download what will be refused anyway.
    object.Body?.transformToWebStream()
      .cancel()
      .catch(() => undefined);
    return 'too_large';
  }
  const bytes = await object.Body?.transformToByteArray();
  if (!bytes) throw new Error(`s3://${bucket}/${key} has no body`);
  return bytes.length > maxBytes ? 'too_large' : Buffer.from(bytes);
}
