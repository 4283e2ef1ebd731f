import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import type { Workshop } from './api';
import { messages } from './messages';

/**
 * Workshops to tick (or, for an owner, the one to choose), with a filter: the programme has hundreds, so the list scrolls and the
 * filter narrows it by id or name. The API's error for `workshopIds` is read out with the group.
 */
export function WorkshopPicker(props: {
  id: string;
  workshops: readonly Workshop[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
  /** One workshop only (an owner's): radio buttons instead of ticks. */
  single?: boolean;
}) {
  const m = useMessages(messages);
  const { lang } = useI18n();
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const shown = props.workshops.filter(
    (w) => !f || [w.id, w.nameKo, w.nameEn].some((s) => s.toLowerCase().includes(f)) || props.selected.includes(w.id),
  );
  const toggle = (id: string, on: boolean) => {
    if (props.single) props.onChange(on ? [id] : []);
    else props.onChange(on ? [...props.selected, id] : props.selected.filter((x) => x !== id));
  };
  const errorId = `${props.id}-error`;
  return (
    <fieldset class="picker" aria-describedby={[`${props.id}-hint`, props.error && errorId].filter(Boolean).join(' ')}>
      <legend>{m.workshops}</legend>
      <span class="hint" id={`${props.id}-hint`}>
        {m.workshopsHint}
      </span>
      <label class="filter">
        {m.workshopFilter} <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
      </label>
      <div class="picker-list">
        {shown.length === 0 && <p class="note">{m.noWorkshopMatches}</p>}
        {shown.map((w) => (
          <label key={w.id} class="check">
            <input
              type={props.single ? 'radio' : 'checkbox'}
              name={props.id}
              value={w.id}
              checked={props.selected.includes(w.id)}
              onChange={(e) => toggle(w.id, e.currentTarget.checked)}
            />{' '}
            {w.id} · {lang === 'en' ? w.nameEn : w.nameKo}
          </label>
        ))}
      </div>
      {props.error && (
        <span class="field-error" id={errorId}>
          {props.error}
        </span>
      )}
    </fieldset>
  );
}
