import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { forbidden } from './errors.js';
import type { Clock, RandomSource } from './ports.js';

export const cryptoRandom: RandomSource = {
  id: () => randomBytes(12).toString('base64url'),
  secret: () => randomBytes(32).toString('base64url'),
  fraction: () => randomInt(0, 2 ** 48 - 1) / 2 ** 48,
  bytes: (count) => randomBytes(count),
};

export const systemClock: Clock = { now: () => new Date() };

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(presented: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const presentedHash = Buffer.from(hashSecret(presented), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presentedHash.length && timingSafeEqual(presentedHash, stored);
}

/** A mailed link's secret: the token goes into the mail, only its hash is stored. */
export function newLinkSecret(random: RandomSource): { token: string; tokenHash: string } {
  const token = random.secret();
  return { token, tokenHash: hashSecret(token) };
}

/** A mailed link's token against the stored hash: 403 `invalid_token` naming what the link is for. */
export function assertLinkToken(token: string, storedHash: string | null | undefined, what: string): void {
  if (!secretMatches(token, storedHash ?? null)) throw forbidden('invalid_token', `This link is not valid for this ${what}`);
}
