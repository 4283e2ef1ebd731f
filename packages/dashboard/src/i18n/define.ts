import { useI18n } from './index';

/**
 * The shape an English catalog must have to match a Korean one: the same keys, nested the same
 * way, strings for strings and functions with the same parameters for functions.
 */
export type Catalog<T> = {
  readonly [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (...args: infer A) => string
      ? (...args: A) => string
      : Catalog<T[K]>;
};

/** A page's messages in both languages; Korean is the reference the English one is checked against. */
export interface PageMessages<T> {
  ko: T;
  en: Catalog<T>;
}

/**
 * Each role's pages keep their strings beside them (`owner/messages.ts`, …) so they are bundled
 * with the pages that read them; the shell's own strings stay in ko.ts / en.ts.
 */
export function useMessages<T>(messages: PageMessages<T>): Catalog<T> {
  const { lang } = useI18n();
  return lang === 'en' ? messages.en : (messages.ko as Catalog<T>);
}
