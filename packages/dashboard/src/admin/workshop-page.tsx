import './admin.css';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import type { PageProps } from '../shared/pages';
import { Link, navigate } from '../shared/router';
import { deleteWorkshop, getWorkshop, updateWorkshop } from './api';
import { CalendarSummary } from './calendar-summary';
import { commonMessages } from './common-messages';
import { ConfirmAction } from './confirm-action';
import { LoadError } from './forms';
import { messages } from './messages';
import { StageSection } from './stage-section';
import { useLoad } from './use-load';
import { WorkshopForm } from './workshop-form';

/** `/admin/workshops/:workshopId`: change the workshop, its stage history, its calendar in short, delete it. */
export function WorkshopPage(props: PageProps) {
  const m = useMessages(messages);
  const c = useMessages(commonMessages);
  const { t, lang } = useI18n();
  const id = props.params.workshopId ?? '';
  const ws = useLoad(() => getWorkshop(id), [id]);
  const w = ws.data;

  return (
    <section aria-labelledby="workshop-title" class="admin">
      <p class="back">
        <Link href="/admin/workshops">{m.backToWorkshops}</Link>
      </p>
      {ws.error ? <LoadError error={ws.error} /> : null}
      {!w && !ws.error && <p aria-live="polite">{t.loading}</p>}
      {w && (
        <>
          <h1 id="workshop-title">
            {lang === 'en' ? w.nameEn : w.nameKo} <span class="sub">· {w.id}</span>
          </h1>
          <WorkshopForm
            key={w.id}
            workshop={w}
            title={m.editWorkshop}
            titleId="edit-workshop"
            submitLabel={c.save}
            doneMessage={() => m.workshopSaved}
            onSubmit={async ({ id: _id, ...fields }) => {
              await updateWorkshop(w.id, fields);
              ws.reload();
            }}
          />
          <StageSection key={`stages-${w.id}`} workshopId={w.id} stages={w.stages} onChanged={ws.reload} />
          <CalendarSummary workshopId={w.id} />
          <DeleteWorkshop id={w.id} />
        </>
      )}
    </section>
  );
}

function DeleteWorkshop(props: { id: string }) {
  const m = useMessages(messages);
  return (
    <ConfirmAction
      id="delete-title"
      title={m.deleteTitle}
      note={m.deleteNote}
      action={m.deleteWorkshop}
      question={m.deleteConfirm(props.id)}
      yes={m.deleteYes}
      run={async () => {
        await deleteWorkshop(props.id);
        navigate('/admin/workshops');
      }}
    />
  );
}
