import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import type { PageProps } from '../shared/pages';
import { Link, navigate, useLocation } from '../shared/router';
import { messages } from './messages';
import type { LoadError } from './use-load';

/**
 * The workshop an owner's page shows: `?w=` in the address (so a link names it), else the
 * user's (an owner has exactly one; the choice below is for a registry that allows more). The
 * server decides whether the user may see it; the page only asks.
 */
export function useWorkshop(props: PageProps): { id: string | null; mine: string[] } {
  const { query } = useLocation();
  const mine = props.user.workshopIds === 'all' ? [] : props.user.workshopIds;
  return { id: query.get('w') ?? mine[0] ?? null, mine };
}

/** The workshop's name line, with a choice when the owner has several. */
export function WorkshopLine(props: { id: string; mine: string[] }) {
  const { t } = useI18n();
  if (props.mine.length <= 1 || !props.mine.includes(props.id))
    return (
      <p class="workshop">
        {t.workshop}: <span data-testid="workshop-id">{props.id}</span>
      </p>
    );
  return (
    <label class="workshop">
      {t.workshop}{' '}
      <select
        value={props.id}
        onChange={(e) => {
          const q = new URLSearchParams(window.location.search);
          q.set('w', e.currentTarget.value);
          navigate(`${window.location.pathname}?${q}`);
        }}
      >
        {props.mine.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What a failed load means to the owner, with the way back. */
export function LoadErrorNote(props: { error: LoadError | null; path: string }) {
  const m = useMessages(messages);
  if (!props.error) return null;
  if (props.error === 'not-yours')
    return (
      <div class="error" role="alert" data-testid="not-yours">
        <p>{m.notYours}</p>
        <Link href={props.path}>{m.backToMine}</Link>
      </div>
    );
  return (
    <p class="error" role="alert">
      {m.loadFailed}
    </p>
  );
}
