import type { Catalog } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { ScrollBox } from '../shared/scroll-box';
import type { AgentConfigAnswer } from './api';
import { formatDateTime } from './format';
import type { messages } from './messages';

type T = Catalog<(typeof messages)['ko']>;

/** Every saved version, newest first, which one runs, and a roll back to any earlier one. */
export function ConfigHistory(props: { answer: AgentConfigAnswer; onRollback: (version: number) => void; t: T }) {
  const { answer, t } = props;
  const { t: shell } = useI18n();
  if (answer.history.length === 0) return null;
  const latest = answer.history[0]?.version;
  return (
    <section aria-labelledby="history-title" class="block">
      <h2 id="history-title">{t.historyTitle}</h2>
      <ScrollBox class="table-wrap" label={t.historyTitle}>
        <table class="data" data-testid="config-history">
          <thead>
            <tr>
              <th scope="col">{t.versionCol}</th>
              <th scope="col">{t.authorCol}</th>
              <th scope="col">{t.createdAtCol}</th>
              <th scope="col">{t.statusCol}</th>
              <th scope="col">{t.actionsCol}</th>
            </tr>
          </thead>
          <tbody>
            {answer.history.map((v) => {
              const marks = [
                v.version === answer.appliedVersion ? t.running : null,
                v.version === latest ? t.latest : null,
                v.version === answer.failedVersion ? t.failed : null,
              ].filter((m): m is string => m !== null);
              return (
                <tr key={v.version} data-version={v.version}>
                  <th scope="row">v{v.version}</th>
                  <td>{v.author}</td>
                  <td>{formatDateTime(shell.locale, v.createdAt)}</td>
                  <td>{marks.join(', ')}</td>
                  <td>
                    {v.version !== latest && (
                      <button
                        type="button"
                        class="small"
                        aria-label={t.rollbackLabel(v.version)}
                        onClick={() => props.onRollback(v.version)}
                      >
                        {t.rollback}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
      <p class="foot">{t.timeNote}</p>
    </section>
  );
}
