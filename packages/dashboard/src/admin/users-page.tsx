import './admin.css';
import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { Link } from '../shared/router';
import { listUsers, listWorkshops, type User } from './api';
import { formatStamp } from './format';
import { ListFilter, LoadError, matches, TableWrap } from './forms';
import { messages } from './messages';
import { useLoad } from './use-load';
import { UserCreateForm } from './user-create-form';

/** The status of a user in words: active, disabled (since when) or without a password. */
export function userStatus(m: (typeof messages)['en'], locale: string, u: User): string {
  if (u.disabledAt) return m.disabledSince(formatStamp(locale, u.disabledAt));
  return u.hasPassword ? m.active : m.noPassword;
}

/** `/admin/users`: every user with role, workshops and status, and a form to create one. */
export function UsersPage() {
  const m = useMessages(messages);
  const { t } = useI18n();
  const users = useLoad(listUsers, []);
  const workshops = useLoad(listWorkshops, []);
  const [filter, setFilter] = useState('');
  const shown = (users.data ?? []).filter((u) => matches(filter, u.username, t.roles[u.role], ...u.workshopIds));

  return (
    <section aria-labelledby="users-title" class="admin">
      <h1 id="users-title">{m.usersTitle}</h1>
      {users.error ? <LoadError error={users.error} /> : null}
      {!users.data && !users.error && <p aria-live="polite">{t.loading}</p>}
      {users.data && users.data.length === 0 && <p class="note">{m.noUsers}</p>}
      {users.data && users.data.length > 0 && (
        <ListFilter
          id="users-filter"
          value={filter}
          onInput={setFilter}
          shown={shown.length}
          total={users.data.length}
        />
      )}
      {users.data && users.data.length > 0 && (
        <TableWrap label={m.usersTable}>
          <table class="list" data-testid="users-table">
            <caption class="visually-hidden">{m.usersTable}</caption>
            <thead>
              <tr>
                <th scope="col">{m.username}</th>
                <th scope="col">{m.role}</th>
                <th scope="col">{m.workshops}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.createdAt}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => (
                <tr key={u.id} data-username={u.username} data-disabled={u.disabledAt ? 'true' : 'false'}>
                  <th scope="row">
                    <Link href={`/admin/users/${encodeURIComponent(u.id)}`}>{u.username}</Link>
                  </th>
                  <td>{t.roles[u.role]}</td>
                  <td>
                    {u.role === 'admin' || u.role === 'evaluator' ? m.allWorkshops : u.workshopIds.join(', ') || '—'}
                  </td>
                  <td class={u.disabledAt ? 'off' : undefined}>{userStatus(m, t.locale, u)}</td>
                  <td class="when">{formatStamp(t.locale, u.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {workshops.error ? <LoadError error={workshops.error} /> : null}
      {users.data && workshops.data && <UserCreateForm workshops={workshops.data} onCreated={users.reload} />}
    </section>
  );
}
