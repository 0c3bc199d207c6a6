import { hashSecret, type RandomSource } from '../shared/index.js';

/** An alias token: 160 random bits in lowercase base32, safe in any mail system's local part. */
export function newAliasToken(random: Pick<RandomSource, 'bytes'>): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = random.bytes(20);
  let bits = 0;
  let value = 0;
  let token = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      token += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return token;
}

export const residentKeyOf = (email: string): string => hashSecret(email.trim().toLowerCase()).slice(0, 32);

/** `Entraide <ne-pas-repondre@entraide.example>` → `relay.entraide.example`: the relay's parent domain. */
export function relayDomainOf(mailFrom: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1];
  if (!domain) throw new Error(`no domain in the mail sender "${mailFrom}"`);
  return `relay.${domain.toLowerCase()}`;
}
