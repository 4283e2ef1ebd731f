import type { ComponentChildren } from 'preact';

/**
 * A box that scrolls sideways when its table is wider than a phone. It takes the keyboard focus
 * so that someone without a pointer can scroll it too (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
export function ScrollBox(props: { children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (see above).
    <div class="table-scroll" tabIndex={0}>
      {props.children}
    </div>
  );
}
