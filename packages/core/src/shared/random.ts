import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
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
