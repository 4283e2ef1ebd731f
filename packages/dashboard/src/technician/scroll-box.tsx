import type { ComponentChildren } from 'preact';

/**
 * A wide table's box: it scrolls sideways on a phone instead of the page, and takes the keyboard
 * focus so a keyboard user can scroll it too (axe: scrollable-region-focusable).
 */
export function ScrollBox(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section class="table-wrap" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}
