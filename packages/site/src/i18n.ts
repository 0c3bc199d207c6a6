import { messagesEn } from './messages-en.js';
import { messagesFr, type MessageKey } from './messages-fr.js';

/** French first; English when the resident chose it (remembered in this browser). */
export type Lang = 'fr' | 'en';
const storageKey = 'entraide:lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export const lang: Lang = storedLang();
document.documentElement.lang = lang;

export function setLang(next: Lang): void {
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Private browsing without storage: the choice lasts this page only.
  }
  location.reload();
}

const messages: Record<MessageKey, string> = lang === 'en' ? messagesEn : messagesFr;

/** A message in the resident's language, `{name}` replaced by `values.name`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

const locale = lang === 'en' ? 'en-GB' : 'fr-FR';

export const formatDate = (iso: string): string =>
  new Date(iso).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' });

export const formatNumber = (value: number, maximumFractionDigits = 1): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);

export const formatKm = (km: number): string => `${formatNumber(km, km < 10 ? 1 : 0)} km`;

/** A label in the resident's language from a `{fr, en}` pair of the tenant config. */
export const localised = (text: { fr: string; en: string } | undefined): string => (text ? text[lang] : '');

export type { MessageKey };
