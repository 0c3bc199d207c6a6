/** Where SES inbound stored raw mails: an S3 bucket's objects (`@entraide/s3-store`'s S3Objects). */
export interface RawMailObjects {
  read(key: string, maxBytes: number): Promise<Uint8Array | 'too_large' | 'missing'>;
}

/** What SES inbound stored in S3, as raw RFC 822 bytes. `maxBytes` caps what is read: a bigger mail is refused. */
export async function readRawMail(objects: RawMailObjects, key: string, maxBytes: number): Promise<Buffer | 'too_large'> {
  const object = await objects.read(key, maxBytes);
  if (object === 'missing') throw new Error(`inbound mail ${key}: no such object`);
  return object === 'too_large' ? object : Buffer.from(object);
}
