/** Languages every user-facing text comes in. */
export type Lang = 'ko' | 'en';

/**
 * Picks the language: an explicit choice (`--lang`) wins, then the locale variables
 * (`LC_ALL`, `LC_MESSAGES`, `LANG`) passed in by the caller; Korean locales give `ko`, others `en`.
 */
export function resolveLang(explicit: string | undefined, locale: Array<string | undefined> = []): Lang {
  const pick = explicit ?? locale.find((l) => l !== undefined && l !== '' && l !== 'C' && l !== 'POSIX');
  return pick?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** A text in both languages. */
export interface Bilingual {
  ko: string;
  en: string;
}

/** `ko / en` on one line, for places where the reader's language is unknown (logs of first start, CLI errors). */
export function both(t: Bilingual): string {
  return `${t.ko} / ${t.en}`;
}
