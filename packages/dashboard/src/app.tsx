import { useEffect, useMemo, useState } from 'preact/hooks';
import { CATALOGS, I18nContext, type Lang, rememberLang, storedLang } from './i18n/index';
import { OwnerTodayPage } from './owner/today-page';
import { logout, type Me, me } from './shared/api';
import { LanguageSwitch } from './shared/language-switch';
import { SignInPage } from './sign-in-page';

type Session = { state: 'loading' } | { state: 'signed-out'; expired?: boolean } | { state: 'signed-in'; user: Me };

/** The pages by role; only the owner's today page exists so far (docs/dashboard.md). */
export function App() {
  const [lang, setLang] = useState<Lang>(storedLang);
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const i18n = useMemo(() => ({ lang, t: CATALOGS[lang] }), [lang]);
  const t = i18n.t;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.appName;
  }, [lang, t]);

  useEffect(() => {
    me()
      .then((user) => setSession(user ? { state: 'signed-in', user } : { state: 'signed-out' }))
      .catch(() => setSession({ state: 'signed-out' }));
  }, []);

  // The address follows the page, so a reload or a bookmark lands on it (the collector serves these paths).
  useEffect(() => {
    const path =
      session.state === 'signed-out'
        ? '/sign-in'
        : session.state === 'signed-in' && session.user.role === 'owner'
          ? '/owner/today'
          : null;
    if (path && window.location.pathname !== path) window.history.replaceState(null, '', path);
  }, [session]);

  const switchLang = (l: Lang) => {
    rememberLang(l);
    setLang(l);
  };
  const signOut = async () => {
    await logout().catch(() => undefined);
    setSession({ state: 'signed-out' });
  };

  return (
    <I18nContext.Provider value={i18n}>
      <header class="top">
        <span class="brand">{t.appName}</span>
        <LanguageSwitch lang={lang} onChange={switchLang} />
        {session.state === 'signed-in' && (
          <button type="button" class="link" onClick={signOut}>
            {t.signOut}
          </button>
        )}
      </header>
      <main>
        {session.state === 'loading' && <p aria-live="polite">{t.loading}</p>}
        {session.state === 'signed-out' && (
          <SignInPage expired={session.expired} onSignedIn={(user) => setSession({ state: 'signed-in', user })} />
        )}
        {session.state === 'signed-in' &&
          (session.user.role === 'owner' ? (
            <OwnerTodayPage
              user={session.user}
              onSessionEnded={() => setSession({ state: 'signed-out', expired: true })}
            />
          ) : (
            <p class="note">{t.notOwnerPage}</p>
          ))}
      </main>
    </I18nContext.Provider>
  );
}
