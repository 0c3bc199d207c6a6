import type { PublicTenantConfig } from '@entraide/core/schemas';
import { h } from './dom.js';
import { localised, t } from './i18n.js';

type Contact = NonNullable<PublicTenantConfig['contact']>;

/** A phone number a phone can dial: `tel:` with the digits (and a leading +) only. */
export const phoneLink = (phone: string): HTMLAnchorElement =>
  h('a', { href: `tel:${phone.replace(/[^+0-9]/g, '')}`, className: 'phone' }, phone);

/** "Call 05 36 49 00 79 (Monday to Friday…)": the phone and its opening hours, or null without a phone. */
export function callLine(config: PublicTenantConfig, before: string, after = ''): HTMLElement | null {
  const contact: Contact | undefined = config.contact;
  if (!contact?.phone) return null;
  const hours = localised(contact.hours);
  return h('p', { className: 'call' }, `${before} `, phoneLink(contact.phone), hours ? ` (${hours})` : '', after ? ` ${after}` : '');
}

/** The local government's own contact, as its file gives it (footer, privacy page). */
export function contactBlock(config: PublicTenantConfig): HTMLElement | null {
  const contact = config.contact;
  if (!contact) return null;
  const hours = localised(contact.hours);
  return h(
    'address',
    { className: 'tenant-contact' },
    h('strong', {}, t('contact.title', { name: config.name })),
    contact.phone ? h('span', {}, `${t('contact.phone')} `, phoneLink(contact.phone)) : null,
    contact.email ? h('span', {}, `${t('contact.email')} `, h('a', { href: `mailto:${contact.email}` }, contact.email)) : null,
    contact.address ? h('span', {}, contact.address) : null,
    hours ? h('span', {}, hours) : null,
  );
}
