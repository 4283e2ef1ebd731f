import { type Logger, pino } from 'pino';
import type { ReadingDraft } from '../../src/inputs/types.js';

/** A measurement draft with a recognisable value, for spool and forwarder tests. */
export function measurement(i: number, source = 'meter-1', ts = 1_764_000_000_000 + i): ReadingDraft {
  return { ts, timeSource: 'agent', source, kind: 'measurement', channel: 'power_w', value: i, unit: 'W' };
}

/** A pino logger that writes nowhere. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
