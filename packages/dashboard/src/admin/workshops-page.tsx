import './admin.css';
import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { Link } from '../shared/router';
import { createWorkshop, listWorkshops } from './api';
import { ListFilter, LoadError, matches, TableWrap } from './forms';
import { messages } from './messages';
import { useLoad } from './use-load';
import { WorkshopForm } from './workshop-form';

/** `/admin/workshops`: every workshop (id, names, industry, cluster, headcount) and a form to create one. */
export function WorkshopsPage() {
  const m = useMessages(messages);
  const { t, lang } = useI18n();
  const workshops = useLoad(listWorkshops, []);
  const list = workshops.data;
  const [filter, setFilter] = useState('');
  const shown = (list ?? []).filter((w) =>
    matches(filter, w.id, w.nameKo, w.nameEn, w.cluster, m.industries[w.industry]),
  );

  return (
    <section aria-labelledby="workshops-title" class="admin">
      <h1 id="workshops-title">{m.workshopsTitle}</h1>
      {workshops.error ? <LoadError error={workshops.error} /> : null}
      {!list && !workshops.error && <p aria-live="polite">{t.loading}</p>}
      {list && list.length === 0 && <p class="note">{m.noWorkshops}</p>}
      {list && list.length > 0 && (
        <ListFilter id="workshops-filter" value={filter} onInput={setFilter} shown={shown.length} total={list.length} />
      )}
      {list && list.length > 0 && (
        <TableWrap label={m.workshopsTable}>
          <table class="list" data-testid="workshops-table">
            <caption class="visually-hidden">{m.workshopsTable}</caption>
            <thead>
              <tr>
                <th scope="col">{m.id}</th>
                <th scope="col">{m.name}</th>
                <th scope="col">{m.industry}</th>
                <th scope="col">{m.cluster}</th>
                <th scope="col" class="num">
                  {m.headcount}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((w) => (
                <tr key={w.id} data-workshop={w.id}>
                  <th scope="row">
                    <Link href={`/admin/workshops/${encodeURIComponent(w.id)}`}>{w.id}</Link>
                  </th>
                  <td lang={lang}>{lang === 'en' ? w.nameEn : w.nameKo}</td>
                  <td>{m.industries[w.industry]}</td>
                  <td>{w.cluster ?? '—'}</td>
                  <td class="num">
                    {w.headcount === null ? '—' : new Intl.NumberFormat(t.locale).format(w.headcount)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {list && (
        <WorkshopForm
          title={m.createWorkshop}
          titleId="create-workshop"
          submitLabel={m.create}
          doneMessage={m.workshopCreated}
          onSubmit={async (f) => {
            await createWorkshop(f);
            workshops.reload();
          }}
        />
      )}
    </section>
  );
}
