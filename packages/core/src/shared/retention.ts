/**
 * How long personal data stays once a post has expired, written once: the table's purge time
 * (dynamodb-store's keys.ts), the relay's conversations and the privacy page all read it.
 */
export const retentionAfterExpiryDays = 90;
