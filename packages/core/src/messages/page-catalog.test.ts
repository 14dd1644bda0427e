/**
 * The page catalog against the whole one: without the import tables it knows every key but theirs;
 * once a page adds them it knows exactly the whole catalog's keys and says each the same way.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG_FORMATS, MESSAGES, say, sayIfKnown, sayProblem } from './catalog.js';
import { IMPORT_NOTE_MESSAGES } from './import-notes.js';
import { IMPORT_MESSAGES } from './imports.js';
import {
  addPageMessages,
  messageCatalog,
  PAGE_MESSAGES,
  sayIfKnownOnPage,
  sayOnPage,
} from './page-catalog.js';
import type { MessageLanguage, Said } from './say.js';

const IMPORT_KEYS = new Set([...Object.keys(IMPORT_MESSAGES), ...Object.keys(IMPORT_NOTE_MESSAGES)]);
const LANGUAGES: MessageLanguage[] = ['en', 'zh'];

describe('the page catalog', () => {
  it('holds every table but the import ones', () => {
    const whole = Object.keys(MESSAGES);
    expect(whole.filter((key) => !IMPORT_KEYS.has(key)).sort()).toEqual(Object.keys(PAGE_MESSAGES).sort());
    expect(IMPORT_KEYS.size).toBeGreaterThan(100);
  });

  it('says the import keys only once a page has added them, then as the whole catalog says them', () => {
    const unknownSource: Said = { key: 'import.error.unknown_source', params: {} };
    const derived: Said = {
      key: 'import.note.derived',
      params: { target: 'clicks', rate: 'ctr', base: 'impressions' },
    };
    expect(sayIfKnownOnPage(unknownSource, 'zh')).toBeUndefined();
    expect(() => sayOnPage(derived, 'en')).toThrow();
    // A key of the tables held from the start is said alike before.
    const notFound: Said = { key: 'error.not_found', params: {} };
    for (const language of LANGUAGES) expect(sayOnPage(notFound, language)).toBe(say(notFound, language));

    addPageMessages({ ...IMPORT_MESSAGES, ...IMPORT_NOTE_MESSAGES }, CATALOG_FORMATS);
    expect(sayIfKnownOnPage(unknownSource, 'zh')).toBe('markpi 无法识别这个导出文件');
    for (const language of LANGUAGES) {
      for (const said of [unknownSource, derived, notFound]) {
        expect(sayOnPage(said, language)).toBe(say(said, language));
      }
    }
    // By hand: the English template names the fields as written.
    expect(sayOnPage(derived, 'en')).toBe('clicks is derived as round(ctr × impressions).');
  });

  it('is the same code as the whole catalog: a catalog over its tables says what `say` says', () => {
    const whole = messageCatalog(
      () => MESSAGES,
      () => CATALOG_FORMATS,
    );
    const problem = { path: '', message: 'x', said: { key: 'error.not_found', params: {} } };
    for (const language of LANGUAGES) {
      expect(whole.sayIfKnown(problem.said, language)).toBe(sayIfKnown(problem.said, language));
      expect(whole.sayProblem(problem, language)).toEqual(sayProblem(problem, language));
    }
  });
});
