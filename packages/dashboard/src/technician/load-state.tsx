import type { Catalog } from '../i18n/define';
import { useI18n } from '../i18n/index';
import type { messages } from './messages';
import type { Loaded } from './use-load';

/** Says "loading", "not found" or "failed" in words for a {@link Loaded} that is not ok. */
export function LoadState(props: { loaded: Loaded<unknown>; t: Catalog<(typeof messages)['ko']> }) {
  const { t: shell } = useI18n();
  const { loaded, t } = props;
  if (loaded.state === 'loading') return <p aria-live="polite">{shell.loading}</p>;
  if (loaded.state === 'not-found')
    return (
      <p class="error" role="alert">
        {t.notFound}
      </p>
    );
  if (loaded.state === 'failed')
    return (
      <p class="error" role="alert">
        {t.loadError}
      </p>
    );
  return null;
}
