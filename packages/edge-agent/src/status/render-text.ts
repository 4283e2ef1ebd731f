import type { Lang } from '@gongbang/shared';
import { bytes, duration, reasonText, t } from './labels.js';
import type { AgentStatus } from './model.js';

/** Status as lines of text for the terminal, in one language. */
export function renderStatusLines(s: AgentStatus, lang: Lang): string[] {
  const ago = (ms: number) => `${duration(lang, ms)} ${t(lang, 'ago')}`;
  const out: string[] = [];
  const run = s.running
    ? `${t(lang, 'running')}, ${t(lang, 'uptime')} ${duration(lang, s.uptimeS * 1000)}`
    : t(lang, 'notRunning');
  out.push(`${t(lang, 'agent')} ${s.agentId} (${s.version}) — ${run}`);
  const f = s.forwarder;
  if (!s.collectorUrl) out.push(`${t(lang, 'collector')}: ${t(lang, 'noCollector')}`);
  else {
    const last = f?.lastSuccessAt ? ago(s.at - f.lastSuccessAt) : t(lang, 'never');
    const state = f ? t(lang, f.state) : t(lang, 'stopped');
    out.push(
      `${t(lang, 'collector')}: ${s.collectorUrl} — ${t(lang, 'state')}: ${state}, ${t(lang, 'lastUpload')}: ${last}`,
    );
    if (f?.lastError) {
      const retry = f.nextRetryAt
        ? `, ${t(lang, 'nextRetry')}: ${duration(lang, Math.max(0, f.nextRetryAt - s.at))}`
        : '';
      out.push(
        `  ${t(lang, 'lastError')}: ${f.lastError.code}${f.lastError.status ? ` (HTTP ${f.lastError.status})` : ''} ${f.lastError.message}${retry}`,
      );
    }
  }
  if (s.token) out.push(`${t(lang, 'token')}: ${tokenText(s.token, lang)}`);
  const off = f?.clockOffsetMs;
  out.push(
    `${t(lang, 'clock')}: ${off === null || off === undefined ? t(lang, 'clockUnknown') : `${off >= 0 ? '+' : ''}${off} ms`}${f?.clockSkewed ? `  ${t(lang, 'clockSkewed')}` : ''}`,
  );
  const sp = s.spool;
  const oldest = sp.oldestAgeMs === null ? '' : `, ${t(lang, 'oldest')} ${ago(sp.oldestAgeMs)}`;
  out.push(
    `${t(lang, 'spool')}: ${sp.depth.toLocaleString('en-US')} ${t(lang, 'waiting')}${oldest}, ${bytes(sp.bytes)}, synchronous=${sp.synchronous}`,
  );
  if (sp.problem) out.push(`  ${t(lang, 'problem')}: ${sp.problem.code} — ${sp.problem.message}`);
  out.push(`${t(lang, 'deadLetters')}: ${sp.deadLetters}`);
  for (const d of s.deadLetters) out.push(`  seq ${d.seq} ${d.code}: ${d.message}`);
  const dropped = Object.entries(sp.dropped).filter(([, n]) => n > 0);
  if (dropped.length > 0) out.push(`${t(lang, 'dropped')}: ${dropped.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (s.remoteConfig) out.push(s.remoteConfig[lang]);
  out.push(`${t(lang, 'inputs')}:${s.inputs.length === 0 ? ` ${t(lang, 'noInputs')}` : ''}`);
  for (const i of s.inputs) {
    const errs =
      Object.entries(i.errors)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || '-';
    const last = i.lastDataTs === null ? t(lang, 'never') : ago(s.at - i.lastDataTs);
    const state = i.connected
      ? t(lang, 'connected')
      : `${t(lang, 'disconnected')}${i.reason ? ` (⚠ ${reasonText(lang, i.reason)})` : ''}`;
    out.push(`  ${i.id}: ${state}, ${t(lang, 'lastData')} ${last}, ${t(lang, 'errors')}: ${errs}`);
  }
  return out;
}

function tokenText(tk: NonNullable<AgentStatus['token']>, lang: Lang): string {
  if (tk.kept === 'none') return t(lang, 'tokenMissing');
  if (tk.kept === 'config') return t(lang, 'tokenInConfig');
  if (tk.fileAgeMs === null) return `${t(lang, 'tokenFile')}, ${t(lang, 'tokenUnreadable')}`;
  const age = `${duration(lang, tk.fileAgeMs)} ${t(lang, 'tokenAge')}`;
  if (tk.rotateTokenDays === false) return `${t(lang, 'tokenFile')}, ${age}, ${t(lang, 'tokenNoRotate')}`;
  const every = duration(lang, tk.rotateTokenDays * 86_400_000).replace(/ 0( h|시간)$/, '');
  return lang === 'ko'
    ? `${t(lang, 'tokenFile')}, ${age}, ${every}${t(lang, 'tokenEvery')}`
    : `${t(lang, 'tokenFile')}, ${age}, ${t(lang, 'tokenEvery')} ${every}`;
}
