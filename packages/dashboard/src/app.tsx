import { useEffect, useMemo, useState } from 'preact/hooks';
import { CATALOGS, I18nContext, type Lang, rememberLang, storedLang } from './i18n/index';
import { homeOf, PAGES, pagesOf } from './pages';
import { logout, type Me, me, onSessionEnded } from './shared/api';
import { LanguageSwitch } from './shared/language-switch';
import { LazyPage } from './shared/lazy-page';
import { Link, matchPath, navigate, useLocation } from './shared/router';
import { SignInPage } from './sign-in-page';

type Session = { state: 'loading' } | { state: 'signed-out'; expired?: boolean } | { state: 'signed-in'; user: Me };

/** The session, the navigation of the user's role and the page the address names. */
export function App() {
  const [lang, setLang] = useState<Lang>(storedLang);
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const i18n = useMemo(() => ({ lang, t: CATALOGS[lang] }), [lang]);
  const t = i18n.t;
  const { path } = useLocation();

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.appName;
  }, [lang, t]);

  useEffect(() => {
    onSessionEnded(() => setSession({ state: 'signed-out', expired: true }));
    me()
      .then((user) => setSession(user ? { state: 'signed-in', user } : { state: 'signed-out' }))
      .catch(() => setSession({ state: 'signed-out' }));
  }, []);

  const role = session.state === 'signed-in' ? session.user.role : null;
  const mine = role ? pagesOf(role) : [];
  const match = (() => {
    for (const page of mine) {
      const params = matchPath(page.path, path);
      if (params) return { page, params };
    }
    return null;
  })();
  // A page of another role opened by its address: said in words (the API would answer 403 anyway).
  const foreign = session.state === 'signed-in' && !match && PAGES.some((p) => matchPath(p.path, path));

  // The address follows the session: signed out → /sign-in (keeping where to go back to), signed
  // in on a page the role has not → its home. The collector serves every page path itself.
  useEffect(() => {
    if (session.state === 'signed-out' && path !== '/sign-in') {
      const back = path !== '/' && PAGES.some((p) => matchPath(p.path, path)) ? path : null;
      navigate(back ? `/sign-in?next=${encodeURIComponent(back)}` : '/sign-in', { replace: true });
    } else if (session.state === 'signed-in' && !match && !foreign) {
      const next = new URLSearchParams(window.location.search).get('next');
      const target = next && mine.some((p) => matchPath(p.path, next)) ? next : role && homeOf(role);
      if (target) navigate(target, { replace: true });
    }
  }, [session, path, match, mine, role, foreign]);

  const switchLang = (l: Lang) => {
    rememberLang(l);
    setLang(l);
  };
  const signOut = async () => {
    await logout().catch(() => undefined);
    setSession({ state: 'signed-out' });
  };
  const nav = mine.filter((p) => p.title);

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header class="top">
        <span class="brand">{t.appName}</span>
        {session.state === 'signed-in' && (
          <span class="who">
            {session.user.username} · {t.roles[session.user.role]}
          </span>
        )}
        <LanguageSwitch lang={lang} onChange={switchLang} />
        {session.state === 'signed-in' && (
          <button type="button" class="link" onClick={signOut}>
            {t.signOut}
          </button>
        )}
      </header>
      {nav.length > 1 && (
        <nav class="pages" aria-label={t.navLabel}>
          {nav.map((p) => (
            <Link
              key={p.path}
              href={p.path}
              aria-current={match?.page === p || (match && path.startsWith(`${p.path}/`)) ? 'page' : undefined}
            >
              {p.title?.[lang]}
            </Link>
          ))}
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {session.state === 'loading' && <p aria-live="polite">{t.loading}</p>}
        {session.state === 'signed-out' && (
          <SignInPage expired={session.expired} onSignedIn={(user) => setSession({ state: 'signed-in', user })} />
        )}
        {session.state === 'signed-in' && match && (
          <LazyPage page={match.page} user={session.user} params={match.params} />
        )}
        {session.state === 'signed-in' && !match && mine.length === 0 && <p class="note">{t.noPagesForRole}</p>}
        {foreign && role && (
          <p class="error" role="alert" data-testid="not-allowed">
            {t.notAllowed} {homeOf(role) && <Link href={homeOf(role) as string}>{t.goHome}</Link>}
          </p>
        )}
      </main>
    </I18nContext.Provider>
  );
}
