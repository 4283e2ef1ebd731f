import { describe, expect, it } from 'vitest';
import type { InputConfig } from '../../src/config/index.js';
import { createInputs, INPUT_FACTORIES, type InputContext, type InputFactories } from '../../src/inputs/index.js';
import { silentLogger } from '../support/drafts.js';

const ctx: InputContext = { sink: () => {}, logger: silentLogger(), now: () => 0 } as unknown as InputContext;

const fake =
  (type: string): InputFactories[string] =>
  (c) => ({
    id: c.id,
    type,
    start: async () => {},
    stop: async () => {},
    health: () => ({ id: c.id, connected: true, lastDataTs: null, errors: {} }),
  });

describe('input factories are passed in, not patched into a module global', () => {
  it('builds inputs from the map it is given', () => {
    const configs = [{ id: 'a', type: 'test-only', enabled: true }] as unknown as InputConfig[];
    const inputs = createInputs(configs, ctx, { 'test-only': fake('test-only') });
    expect(inputs.map((i) => [i.id, i.type])).toEqual([['a', 'test-only']]);
    // The default map did not learn the type: another caller still gets the clear error.
    expect(() => createInputs(configs, ctx)).toThrow('no input implementation for type "test-only" (input "a")');
  });

  it('refuses changes to the default map', () => {
    expect(Object.isFrozen(INPUT_FACTORIES)).toBe(true);
    expect(() => {
      (INPUT_FACTORIES as Record<string, unknown>)['test-only'] = fake('test-only');
    }).toThrow(TypeError);
    expect(Object.keys(INPUT_FACTORIES)).not.toContain('test-only');
  });

  it('does not take a type from the prototype chain', () => {
    const configs = [{ id: 'p', type: 'toString', enabled: true }] as unknown as InputConfig[];
    expect(() => createInputs(configs, ctx)).toThrow('no input implementation for type "toString" (input "p")');
  });
});
