import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en';
import { ko, type Messages } from './ko';

export type { Messages } from './ko';

/** The languages the dashboard speaks; Korean first. */
export type Lang = 'ko' | 'en';

export const CATALOGS: Record<Lang, Messages> = { ko, en };
const STORAGE_KEY = 'gongbang.lang';

/** The remembered language, Korean when none (or storage is unavailable). */
export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ko';
  } catch {
    return 'ko';
  }
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage off: the switch still works for this page.
  }
}

export const I18nContext = createContext<{ lang: Lang; t: Messages }>({ lang: 'ko', t: ko });

/** The current language and its messages. */
export function useI18n(): { lang: Lang; t: Messages } {
  return useContext(I18nContext);
}
