import type { ComponentChildren } from 'preact';

/**
 * A box that scrolls sideways when its table is wider than a phone, instead of the page. It takes
 * the keyboard focus so that someone without a pointer can scroll it too (WCAG 2.1.1; axe
 * `scrollable-region-focusable`); with a `label` it is a named region for screen readers.
 * `class` picks the role's look (`table-scroll` for the owner's, `table-wrap` for the technician's).
 */
export function ScrollBox(props: { label?: string; class?: string; children: ComponentChildren }) {
  const cls = props.class ?? 'table-scroll';
  return props.label ? (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (see above).
    <section class={cls} aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  ) : (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (see above).
    <div class={cls} tabIndex={0}>
      {props.children}
    </div>
  );
}
