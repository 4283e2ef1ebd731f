import type { InputConfig, InputType } from '../config/inputs.js';
import { DEVICE_INPUT_FACTORIES } from './registry.js';
import { createSimulatedInput } from './simulated/index.js';
import type { Input, InputContext, InputFactory } from './types.js';

export { LazyInput, unwrapInput } from './lazy.js';

export type * from './types.js';

/**
 * Input types by their `type` in agent.yaml. Each input folder registers its factory here;
 * `satisfies` makes a type the schema knows without a factory a compile error.
 */
export const INPUT_FACTORIES: Record<string, InputFactory> = {
  ...DEVICE_INPUT_FACTORIES,
  simulated: createSimulatedInput,
} satisfies Record<InputType, InputFactory>;

/** Builds (does not start) the enabled inputs of a config. Unknown types are a programmer error: the schema rejects them first. */
export function createInputs(configs: readonly InputConfig[], ctx: InputContext): Input[] {
  return configs
    .filter((c) => c.enabled !== false)
    .map((c) => {
      const factory = INPUT_FACTORIES[c.type];
      if (!factory) throw new Error(`no input implementation for type "${c.type}" (input "${c.id}")`);
      return factory(c, { ...ctx, logger: ctx.logger.child({ component: 'input', input: c.id }) });
    });
}
