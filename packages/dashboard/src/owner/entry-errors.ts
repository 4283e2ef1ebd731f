import { ApiError } from '../shared/api';

/**
 * The field errors of a refused manual entry, in the reader's language. The collector words
 * each message in both languages as "한국어 / English" (shared `both`), so the page shows
 * the half it needs; a message with one language only is shown whole.
 */
export function fieldErrors(err: unknown, lang: 'ko' | 'en'): Record<string, string> | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  const issues = (err.body as { error?: { issues?: { path?: string; message?: string }[] } } | null)?.error?.issues;
  if (!Array.isArray(issues)) return null;
  const out: Record<string, string> = {};
  for (const i of issues) {
    const field = String(i.path ?? '').split('.')[0] || 'form';
    const message = String(i.message ?? '');
    const cut = message.indexOf(' / ');
    const text = cut < 0 ? message : lang === 'ko' ? message.slice(0, cut) : message.slice(cut + 3);
    out[field] = out[field] ? `${out[field]}; ${text}` : text;
  }
  return out;
}
