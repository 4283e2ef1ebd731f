import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index';
import type { PageDef, PageProps } from './pages';

const loaded = new Map<PageDef, ComponentType<PageProps>>();

/** Shows a page whose code is imported on first visit (and kept for the next). */
export function LazyPage(props: { page: PageDef } & PageProps) {
  const { t } = useI18n();
  const [Component, setComponent] = useState<ComponentType<PageProps> | null>(() => loaded.get(props.page) ?? null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const known = loaded.get(props.page);
    if (known) {
      setComponent(() => known);
      return;
    }
    let live = true;
    setComponent(null);
    props.page
      .load()
      .then((c) => {
        loaded.set(props.page, c);
        if (live) setComponent(() => c);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [props.page]);

  if (failed)
    return (
      <p class="error" role="alert">
        {t.pageLoadError}
      </p>
    );
  if (!Component) return <p aria-live="polite">{t.loading}</p>;
  return <Component user={props.user} params={props.params} />;
}
