import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import type { Industry, Workshop, WorkshopFields } from './api';
import { commonMessages } from './common-messages';
import { Field, FormError, type FormErrors, focusFirstError, formErrors, NO_ERRORS } from './forms';
import { messages } from './messages';

/**
 * A workshop's fields, for creating one (with its id) or changing one (the id is fixed: readings,
 * users and agents point at it). The API checks them; its errors come back next to each field.
 */
export function WorkshopForm(props: {
  /** The workshop to change; none to create one. */
  workshop?: Workshop;
  title: string;
  titleId: string;
  submitLabel: string;
  onSubmit: (fields: WorkshopFields) => Promise<unknown>;
  doneMessage: (id: string) => string;
}) {
  const m = useMessages(messages);
  const c = useMessages(commonMessages);
  const w = props.workshop;
  const [id, setId] = useState(w?.id ?? '');
  const [nameKo, setNameKo] = useState(w?.nameKo ?? '');
  const [nameEn, setNameEn] = useState(w?.nameEn ?? '');
  const [industry, setIndustry] = useState<Industry>(w?.industry ?? 'printing');
  const [cluster, setCluster] = useState(w?.cluster ?? '');
  const [headcount, setHeadcount] = useState(w?.headcount === null || !w ? '' : String(w.headcount));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setBusy(true);
    setErrors(NO_ERRORS);
    setDone(null);
    const count = headcount.trim() === '' ? null : Number(headcount);
    try {
      await props.onSubmit({
        id: id.trim(),
        nameKo,
        nameEn,
        industry,
        cluster: cluster.trim() === '' ? null : cluster,
        headcount: count,
      });
      setDone(props.doneMessage(id.trim()));
      if (!w) {
        setId('');
        setNameKo('');
        setNameEn('');
        setCluster('');
        setHeadcount('');
      }
    } catch (err) {
      setErrors(formErrors(err, 'id'));
      focusFirstError(form);
    } finally {
      setBusy(false);
    }
  };

  const text = (
    key: 'nameKo' | 'nameEn' | 'cluster',
    value: string,
    set: (v: string) => void,
    opts: { required?: boolean; hint?: string; lang?: string } = {},
  ) => (
    <Field
      id={`${props.titleId}-${key}`}
      label={m[key]}
      error={errors.fields[key]}
      required={opts.required}
      {...(opts.hint ? { hint: opts.hint } : {})}
      input={(a) => (
        <input
          {...a}
          lang={opts.lang}
          required={opts.required}
          value={value}
          onInput={(e) => set(e.currentTarget.value)}
        />
      )}
    />
  );

  return (
    <form class="card form" onSubmit={submit} aria-labelledby={props.titleId} noValidate>
      <h2 id={props.titleId}>{props.title}</h2>
      {!w && (
        <Field
          id={`${props.titleId}-id`}
          label={m.id}
          hint={m.idHint}
          error={errors.fields.id}
          required
          input={(a) => (
            <input {...a} required autocomplete="off" value={id} onInput={(e) => setId(e.currentTarget.value)} />
          )}
        />
      )}
      {text('nameKo', nameKo, setNameKo, { required: true, lang: 'ko' })}
      {text('nameEn', nameEn, setNameEn, { required: true, lang: 'en' })}
      <Field
        id={`${props.titleId}-industry`}
        label={m.industry}
        error={errors.fields.industry}
        input={(a) => (
          <select {...a} value={industry} onChange={(e) => setIndustry(e.currentTarget.value as Industry)}>
            {(Object.keys(m.industries) as Industry[]).map((k) => (
              <option key={k} value={k}>
                {m.industries[k]}
              </option>
            ))}
          </select>
        )}
      />
      {text('cluster', cluster, setCluster, { hint: m.clusterHint })}
      <Field
        id={`${props.titleId}-headcount`}
        label={m.headcount}
        error={errors.fields.headcount}
        input={(a) => (
          <input
            {...a}
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            value={headcount}
            onInput={(e) => setHeadcount(e.currentTarget.value)}
          />
        )}
      />
      <FormError errors={errors} />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? c.saving : props.submitLabel}
      </button>
      {done && <p role="status">{done}</p>}
    </form>
  );
}
