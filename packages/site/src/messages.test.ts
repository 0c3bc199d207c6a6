import { translatedLanguages } from '@entraide/core/schemas';
import { messagesEn } from './messages-en.js';
import { messagesFr } from './messages-fr.js';

// Every language a tenant may declare (core's `translatedLanguages`) has a complete set of the site's words.
const messagesByLanguage: Record<(typeof translatedLanguages)[number], Record<string, string>> = { fr: messagesFr, en: messagesEn };

describe('the site’s words', () => {
  it('exist for every language a tenant may declare, each with every key of the French, none empty', () => {
    const keys = Object.keys(messagesFr).sort();
    expect(keys.length).toBeGreaterThan(100);
    for (const language of translatedLanguages) {
      const messages = messagesByLanguage[language];
      expect({ language, keys: Object.keys(messages).sort() }).toEqual({ language, keys });
      expect({ language, empty: keys.filter((key) => !messages[key]?.trim()) }).toEqual({ language, empty: [] });
    }
  });

  it('keep the same placeholders in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const language of translatedLanguages) {
      for (const [key, french] of Object.entries(messagesFr)) {
        expect({ language, key, placeholders: placeholders(messagesByLanguage[language][key]!) }).toEqual({
          language,
          key,
          placeholders: placeholders(french),
        });
      }
    }
  });
});
