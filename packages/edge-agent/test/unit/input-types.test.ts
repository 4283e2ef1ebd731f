import { InputConfigSchema } from '@gongbang/agent-config';
import { describe, expect, it } from 'vitest';
import { INPUT_TYPES } from '../../src/config/index.js';
import { INPUT_FACTORIES } from '../../src/inputs/index.js';

describe('input types come from the config schema', () => {
  it('lists every type the schema accepts', () => {
    expect(INPUT_TYPES).toEqual([
      'serial-scanner',
      'serial-sensor',
      'modbus-rtu',
      'modbus-tcp',
      'mqtt-broker',
      'mqtt-subscribe',
      'simulated',
    ]);
    for (const type of INPUT_TYPES) {
      const r = InputConfigSchema.safeParse({ type, id: 'x' });
      // Refused for missing fields, never for an unknown type.
      expect(r.error?.issues.some((i) => i.path[0] === 'type') ?? false).toBe(false);
    }
  });

  it('has exactly one factory per type', () => {
    expect(Object.keys(INPUT_FACTORIES).sort()).toEqual([...INPUT_TYPES].sort());
  });
});
