import './technician.css';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Catalog, useMessages } from '../i18n/define';
import { ApiError } from '../shared/api';
import type { PageProps } from '../shared/pages';
import { Link } from '../shared/router';
import {
  type AgentConfigAnswer,
  agent,
  agentConfig,
  agentConfigVersion,
  type ShownConfigVersion,
  saveAgentConfig,
  validateAgentConfig,
} from './api';
import { ConfigDiff } from './config-diff';
import { ConfigEditor, type EditorHandle } from './config-editor';
import { ConfigHistory } from './config-history';
import { LoadState } from './load-state';
import { messages } from './messages';
import { useLoad } from './use-load';
import { type LineIssue, parseConfig, toYaml } from './yaml-lines';

interface Loaded {
  workshopId: string;
  answer: AgentConfigAnswer;
  /** What the diff compares with: the version the agent runs, else the newest saved one. */
  base: ShownConfigVersion | null;
}

async function load(agentId: string): Promise<Loaded> {
  const [a, answer] = await Promise.all([agent(agentId), agentConfig(agentId)]);
  const applied = answer.appliedVersion;
  let base = answer.current;
  if (applied !== null && applied !== answer.current?.version) base = await agentConfigVersion(agentId, applied);
  return { workshopId: a.workshopId, answer, base };
}

type Outcome =
  | { kind: 'issues'; issues: LineIssue[]; syntax: boolean }
  | { kind: 'valid' }
  | { kind: 'saved'; text: string }
  | { kind: 'error'; text: string };

/**
 * An agent's remote config as YAML: checked by the collector before saving (issues at their
 * line and path), the difference from what the agent runs, save, the versions and roll back.
 */
export function TechnicianConfigPage(props: PageProps) {
  const t = useMessages(messages);
  const agentId = props.params.agentId ?? '';
  const [loaded, reload] = useLoad(() => load(agentId), [agentId]);
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<'check' | 'save' | null>(null);
  const editor = useRef<EditorHandle | null>(null);

  const data = loaded.state === 'ok' ? loaded.data : null;
  const current = data?.answer.current ?? null;
  // Each newly loaded version replaces the text (after a save or a roll back, that is the text saved).
  useEffect(() => {
    if (!data) return;
    setText(current ? toYaml(current.config) : toYaml({ agent: { id: agentId }, inputs: [] }));
  }, [data, current, agentId]);

  const parsed = useMemo(() => parseConfig(text), [text]);
  const baseYaml = data?.base ? toYaml(data.base.config) : null;
  const afterYaml = parsed.ok ? toYaml(parsed.config) : text;

  /** The config when the collector finds nothing wrong with it; else the issues are shown. */
  const check = async (): Promise<unknown | null> => {
    if (!parsed.ok) {
      setOutcome({ kind: 'issues', issues: parsed.issues, syntax: true });
      return null;
    }
    const r = await validateAgentConfig(agentId, parsed.config);
    if (!r.valid) {
      const issues = r.issues.map((i) => ({ line: parsed.lineOf(i.path), path: i.path, message: i.message }));
      setOutcome({ kind: 'issues', issues, syntax: false });
      return null;
    }
    return parsed.config;
  };

  const run = async (what: 'check' | 'save') => {
    setBusy(what);
    setOutcome(null);
    try {
      const config = await check();
      if (config === null) return;
      if (what === 'check') {
        setOutcome({ kind: 'valid' });
        return;
      }
      const saved = await saveAgentConfig(agentId, config);
      setOutcome({ kind: 'saved', text: t.saved(saved.version) });
      reload();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) setOutcome({ kind: 'error', text: t.saveError });
    } finally {
      setBusy(null);
    }
  };

  const rollback = async (version: number) => {
    setOutcome(null);
    try {
      const old = await agentConfigVersion(agentId, version);
      const saved = await saveAgentConfig(agentId, old.config);
      setOutcome({ kind: 'saved', text: t.rolledBack(version, saved.version) });
      reload();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) setOutcome({ kind: 'error', text: t.saveError });
    }
  };

  const applied = data?.answer.appliedVersion ?? null;
  const against =
    data?.base && applied !== null ? t.diffRunning(applied) : data?.base ? t.diffLatest(data.base.version) : '';

  return (
    <section aria-labelledby="config-title" class="tech">
      {data && (
        <p class="no-print">
          <Link href={`/technician/workshops/${encodeURIComponent(data.workshopId)}`}>{t.backToWorkshop}</Link>
        </p>
      )}
      <h1 id="config-title">{t.configTitle(agentId)}</h1>
      <LoadState loaded={loaded} t={t} />
      {data && (
        <>
          <p class="note">{t.configIntro}</p>
          <dl class="facts inline">
            <div>
              <dt>{t.runningVersion}</dt>
              <dd data-testid="running-version">{applied === null ? t.configLocal : `v${applied}`}</dd>
            </div>
            <div>
              <dt>{t.latestVersion}</dt>
              <dd data-testid="latest-version">{current ? `v${current.version}` : t.none}</dd>
            </div>
            {data.answer.failedVersion !== null && (
              <div>
                <dt>{t.failedVersion}</dt>
                <dd class="error">
                  v{data.answer.failedVersion}: {data.answer.failedReason ?? t.unknown}
                </dd>
              </div>
            )}
          </dl>
          {current?.secretsMasked && <p class="note">{t.secretsMasked}</p>}
          <ConfigEditor text={text} onChange={setText} t={t} handle={editor} />
          <div class="actions no-print">
            <button type="button" disabled={busy !== null} onClick={() => run('check')}>
              {busy === 'check' ? t.checking : t.check}
            </button>
            <button type="button" class="primary" disabled={busy !== null} onClick={() => run('save')}>
              {busy === 'save' ? t.saving : t.save}
            </button>
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => {
                setOutcome(null);
                setText(current ? toYaml(current.config) : '');
              }}
            >
              {t.reset}
            </button>
          </div>
          <Outcome outcome={outcome} t={t} goTo={(line) => editor.current?.goToLine(line)} />
          <section aria-labelledby="diff-title" class="block">
            <h2 id="diff-title">{t.diffTitle}</h2>
            <ConfigDiff before={baseYaml} after={afterYaml} against={against} t={t} />
          </section>
          <ConfigHistory answer={data.answer} onRollback={rollback} t={t} />
        </>
      )}
    </section>
  );
}

function Outcome(props: {
  outcome: Outcome | null;
  t: Catalog<(typeof messages)['ko']>;
  goTo: (line: number) => void;
}) {
  const { outcome, t } = props;
  if (!outcome) return <div aria-live="polite" />;
  if (outcome.kind === 'valid')
    return (
      <p class="ok-note" role="status" data-testid="config-valid">
        {t.valid}
      </p>
    );
  if (outcome.kind === 'saved')
    return (
      <p class="ok-note" role="status" data-testid="config-saved">
        {outcome.text}
      </p>
    );
  if (outcome.kind === 'error')
    return (
      <p class="error" role="alert">
        {outcome.text}
      </p>
    );
  return (
    <div class="issues" role="alert" data-testid="config-issues">
      <h2>{t.issuesTitle(outcome.issues.length)}</h2>
      <ul>
        {outcome.issues.map((i) => (
          <li key={`${i.line}-${i.path}-${i.message}`} data-line={i.line ?? ''} data-path={i.path}>
            <strong>
              {outcome.syntax
                ? `${t.yamlError}${i.line === null ? '' : ` · ${t.issueAt(i.line, '')}`}`
                : t.issueAt(i.line, i.path)}
            </strong>
            {': '}
            {i.message}{' '}
            {i.line !== null && (
              <button type="button" class="small link-like" onClick={() => props.goTo(i.line as number)}>
                {t.goToLine(i.line)}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
