import type { Industry } from '@gongbang/collector';
import type { Catalog } from '../i18n/define';
import type { EvaluatorMessages } from './messages';

/** An industry's name in the reader's language; a key the catalog does not know, as it is. */
export function industryName(t: Catalog<EvaluatorMessages>, key: string): string {
  return (t.industries as Record<string, string>)[key as Industry] ?? key;
}
