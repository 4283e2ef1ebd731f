import type { Lang } from '@gongbang/shared';
import { t } from './labels.js';
import type { AgentStatus } from './model.js';
import { renderStatusLines } from './render-text.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The owner's status page: the same lines as the CLI, large and readable on a phone, refreshing itself. */
export function renderStatusHtml(s: AgentStatus, lang: Lang): string {
  const lines = renderStatusLines(s, lang);
  const warn = (l: string) => (l.includes('⚠') ? ' class="warn"' : '');
  const other = lang === 'ko' ? 'en' : 'ko';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="10"><title>${esc(t(lang, 'title'))} — ${esc(s.agentId)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:1rem;max-width:60rem}li{white-space:pre-wrap}.warn{color:#b00020;font-weight:600}</style>
</head><body><h1>${esc(t(lang, 'title'))}</h1>
<p><a href="?lang=${other}">${other === 'ko' ? '한국어' : 'English'}</a> · <a href="status.json">JSON</a></p>
<ul>${lines.map((l) => `<li${warn(l)}>${esc(l)}</li>`).join('\n')}</ul>
<p><small>${esc(new Date(s.at).toISOString())}</small></p></body></html>
`;
}
