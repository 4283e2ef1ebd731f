import './admin.css';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import type { PageProps } from '../shared/pages';
import { accountMessages } from './account-messages';
import { PasswordForm } from './password-form';
import { TokensSection } from './tokens-section';

/** `/account`, for every role: change one's own password, and one's own API tokens. */
export function AccountPage(props: PageProps) {
  const a = useMessages(accountMessages);
  const { t } = useI18n();
  return (
    <section aria-labelledby="account-title" class="admin">
      <h1 id="account-title">{a.accountTitle}</h1>
      <p class="note">{a.signedInAs(props.user.username, t.roles[props.user.role])}</p>
      <PasswordForm />
      <TokensSection />
    </section>
  );
}
