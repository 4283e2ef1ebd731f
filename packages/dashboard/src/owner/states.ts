import type { ShownMachineState } from '@gongbang/collector';

export type { ShownMachineState };

/** The states in legend order. */
export const STATES: readonly ShownMachineState[] = ['running', 'idle', 'setup', 'fault', 'off', 'no_data'];

/**
 * Okabe–Ito colours that stay apart for the common colour-blind types; "no data" is a hatch, not
 * a colour, so it never reads as a state. Every band also has its words in a legend and a table.
 */
export const STATE_COLOURS: Record<ShownMachineState, string> = {
  running: '#009E73',
  idle: '#F0E442',
  setup: '#56B4E9',
  fault: '#D55E00',
  off: '#000000',
  no_data: 'repeating-linear-gradient(45deg, #fff 0 4px, #8a94a3 4px 6px)',
};
