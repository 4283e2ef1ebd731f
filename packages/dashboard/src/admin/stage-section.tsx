import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { type Level, removeStage, type StageEntry, setStage } from './api';
import { commonMessages } from './common-messages';
import { formatShortDay } from './format';
import { Field, FormError, type FormErrors, focusFirstError, formErrors, NO_ERRORS, TableWrap } from './forms';
import { messages } from './messages';

const STAGES = [0, 1, 2, 3] as const;
// The usual level of each programme stage (docs: DOMAIN.md): stage 1 ≈ 기초, 2 ≈ 중간1, 3 ≈ part of 중간2.
const USUAL_LEVEL: Record<(typeof STAGES)[number], Level> = {
  0: 'ict_none',
  1: 'basic',
  2: 'intermediate1',
  3: 'intermediate2',
};

/** A workshop's stage history: stage, official level, stage start and measurement start; record or remove one. */
export function StageSection(props: { workshopId: string; stages: readonly StageEntry[]; onChanged: () => void }) {
  const m = useMessages(messages);
  const c = useMessages(commonMessages);
  const { t } = useI18n();
  const next = STAGES.find((s) => !props.stages.some((e) => e.stage === s)) ?? 0;
  const [stage, setStageNo] = useState<(typeof STAGES)[number]>(next);
  const [level, setLevel] = useState<Level>(USUAL_LEVEL[next]);
  const [startedOn, setStartedOn] = useState('');
  const [measuredOn, setMeasuredOn] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [said, setSaid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>, message: string, form?: HTMLFormElement) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    setSaid(null);
    try {
      await action();
      setSaid(message);
      props.onChanged();
    } catch (err) {
      setErrors(formErrors(err));
      if (form) focusFirstError(form);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    void run(
      () => setStage(props.workshopId, { stage, level, startedOn, measurementStartedOn: measuredOn || null }),
      m.stageSaved(m.stages[stage]),
      form,
    );
  };

  return (
    <section class="card" aria-labelledby="stages-title">
      <h2 id="stages-title">{m.stagesTitle}</h2>
      {props.stages.length === 0 ? (
        <p class="note">{m.noStages}</p>
      ) : (
        <TableWrap label={m.stagesTable}>
          <table class="list" data-testid="stages-table">
            <caption class="visually-hidden">{m.stagesTable}</caption>
            <thead>
              <tr>
                <th scope="col">{m.stage}</th>
                <th scope="col">{m.level}</th>
                <th scope="col">{m.startedOn}</th>
                <th scope="col">{m.measurementStartedOn}</th>
                <th scope="col">{c.actions}</th>
              </tr>
            </thead>
            <tbody>
              {props.stages.map((e) => (
                <tr key={e.stage} data-stage={e.stage}>
                  <th scope="row">{m.stages[e.stage as (typeof STAGES)[number]] ?? e.stage}</th>
                  <td>{m.levels[e.level]}</td>
                  <td class="when">{formatShortDay(t.locale, e.startedOn)}</td>
                  <td class="when">{formatShortDay(t.locale, e.measurementStartedOn)}</td>
                  <td>
                    <button
                      type="button"
                      class="small"
                      disabled={busy}
                      onClick={() => run(() => removeStage(props.workshopId, e.stage), m.stageRemoved)}
                    >
                      {m.removeStage(m.stages[e.stage as (typeof STAGES)[number]] ?? String(e.stage))}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <form class="form" onSubmit={submit} aria-labelledby="record-stage-title" noValidate>
        <h3 id="record-stage-title">{m.recordStage}</h3>
        <p class="note">{m.recordStageNote}</p>
        <div class="row">
          <Field
            id="stage-no"
            label={m.stage}
            error={errors.fields.stage}
            input={(a) => (
              <select
                {...a}
                value={stage}
                onChange={(e) => {
                  const s = Number(e.currentTarget.value) as (typeof STAGES)[number];
                  setStageNo(s);
                  setLevel(USUAL_LEVEL[s]);
                }}
              >
                {STAGES.map((s) => (
                  <option key={s} value={s}>
                    {m.stages[s]}
                  </option>
                ))}
              </select>
            )}
          />
          <Field
            id="stage-level"
            label={m.level}
            error={errors.fields.level}
            input={(a) => (
              <select {...a} value={level} onChange={(e) => setLevel(e.currentTarget.value as Level)}>
                {(Object.keys(m.levels) as Level[]).map((l) => (
                  <option key={l} value={l}>
                    {m.levels[l]}
                  </option>
                ))}
              </select>
            )}
          />
          <Field
            id="stage-started"
            label={m.startedOn}
            error={errors.fields.startedOn}
            required
            input={(a) => (
              <input
                {...a}
                type="date"
                required
                value={startedOn}
                onInput={(e) => setStartedOn(e.currentTarget.value)}
              />
            )}
          />
          <Field
            id="stage-measured"
            label={m.measurementStartedOn}
            hint={m.measurementHint}
            error={errors.fields.measurementStartedOn}
            input={(a) => (
              <input {...a} type="date" value={measuredOn} onInput={(e) => setMeasuredOn(e.currentTarget.value)} />
            )}
          />
        </div>
        <FormError errors={errors} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? c.saving : m.recordStage}
        </button>
        {said && <p role="status">{said}</p>}
      </form>
    </section>
  );
}
