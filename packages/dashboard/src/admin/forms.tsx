import type { ComponentChildren, VNode } from 'preact';
import { useMessages } from '../i18n/define';
import { useI18n } from '../i18n/index';
import { ApiError } from '../shared/api';
import { commonMessages } from './common-messages';

/** An API error split into what belongs next to a field (by its path) and what is left over. */
export interface FormErrors {
  fields: Record<string, string>;
  other: string | null;
  status: number | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, other: null, status: null };

/**
 * The API's `invalid` answers name each problem's path (`workshopIds`, `password`…); some carry
 * only a message that starts with the path (`password: at least 10 characters`). Both end up next
 * to their field; `conflictField` takes a 409 (the username or id is taken).
 */
export function formErrors(err: unknown, conflictField?: string): FormErrors {
  if (!(err instanceof ApiError)) return { fields: {}, other: null, status: 0 };
  const fields: Record<string, string> = {};
  const issues = (err.body as { error?: { issues?: Array<{ path: string; message: string }> } } | null)?.error?.issues;
  if (issues?.length) {
    for (const i of issues) fields[i.path.split(/[.[]/)[0] || '_'] ??= i.message;
  } else if (err.code === 'invalid') {
    for (const part of err.detail.split('; ')) {
      const m = /^([A-Za-z]+)(?:[.[][^:]*)?: (.+)$/.exec(part);
      if (m?.[1] && m[2]) fields[m[1]] ??= m[2];
    }
  } else if (err.status === 409 && conflictField) {
    fields[conflictField] = err.detail;
  }
  const other = Object.keys(fields).length === 0 ? err.detail || err.code : null;
  return { fields, other, status: err.status };
}

/** The attributes an input needs to be tied to its label, hint and error. */
export interface FieldAttrs {
  id: string;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}

/** A labelled field with its hint and the API's error for it, read out with the field. */
export function Field(props: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  input: (attrs: FieldAttrs) => VNode;
}) {
  const c = useMessages(commonMessages);
  const described = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={props.id}>
        {props.label}
        {props.required && <span class="req"> {c.required}</span>}
      </label>
      {props.input({
        id: props.id,
        ...(props.error ? { 'aria-invalid': 'true' as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {props.hint && (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span class="field-error" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
    </div>
  );
}

/** A form's error that belongs to no field (403, network, …), announced. */
export function FormError(props: { errors: FormErrors }) {
  const c = useMessages(commonMessages);
  if (props.errors.status === null || (props.errors.other === null && props.errors.status !== 0)) return null;
  const text =
    props.errors.status === 403
      ? c.forbidden
      : props.errors.status === 0
        ? c.saveError
        : `${c.saveError} ${props.errors.other}`;
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}

/** Why a page's data is missing: not allowed, gone, or failed. A 401 ends the session in the shell. */
export function LoadError(props: { error: unknown }) {
  const c = useMessages(commonMessages);
  const e = props.error;
  if (e instanceof ApiError && e.status === 401) return null;
  const text =
    e instanceof ApiError && e.status === 403
      ? c.forbidden
      : e instanceof ApiError && e.status === 404
        ? c.notFound
        : c.loadError;
  return (
    <p class="error" role="alert" data-status={e instanceof ApiError ? e.status : undefined}>
      {text}
    </p>
  );
}

/** A table that scrolls sideways inside itself on a phone instead of widening the page. */
export function TableWrap(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (axe: scrollable-region-focusable).
    <section class="table-wrap" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}

/**
 * After a refused submit, moves the keyboard focus to the first field the API named (or the
 * first tick of a named group), so a screen reader reads the field with its error. Runs after
 * the errors are rendered.
 */
export function focusFirstError(form: HTMLFormElement): void {
  setTimeout(() => {
    const field = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    const group = form.querySelector('.field-error')?.closest('fieldset')?.querySelector<HTMLElement>('input');
    (field ?? group)?.focus();
  }, 0);
}

/** A search box over a list already loaded, with how many rows it leaves (read out as it changes). */
export function ListFilter(props: {
  id: string;
  value: string;
  onInput: (v: string) => void;
  shown: number;
  total: number;
}) {
  const c = useMessages(commonMessages);
  const { t } = useI18n();
  const n = (x: number) => new Intl.NumberFormat(t.locale).format(x);
  return (
    <div class="list-filter">
      <label for={props.id}>{c.filter}</label>
      <input id={props.id} type="search" value={props.value} onInput={(e) => props.onInput(e.currentTarget.value)} />
      <span class="note" aria-live="polite" data-testid={`${props.id}-count`}>
        {c.shownOf(n(props.shown), n(props.total))}
      </span>
    </div>
  );
}

/** True when any of the texts contains the filter (case-insensitive); an empty filter keeps all. */
export function matches(filter: string, ...texts: Array<string | null | undefined>): boolean {
  const f = filter.trim().toLowerCase();
  return !f || texts.some((s) => s?.toLowerCase().includes(f));
}
