import type { InputConfig, InputType } from '../config/inputs.js';
import { DEVICE_INPUT_FACTORIES } from './registry.js';
import { createSimulatedInput } from './simulated/index.js';
import type { Input, InputContext, InputFactory } from './types.js';

export { LazyInput, unwrapInput } from './lazy.js';

export type * from './types.js';

/** Input factories by the `type` they build. */
export type InputFactories = Readonly<Record<string, InputFactory>>;

/**
 * Input types by their `type` in agent.yaml. Each input folder registers its factory here;
 * `satisfies` makes a type the schema knows without a factory a compile error. Frozen: a
 * caller that needs other factories (a test's failing input) passes its own map to
 * `createInputs` / `AgentDeps.inputFactories` instead of changing this one for everyone.
 */
export const INPUT_FACTORIES: InputFactories = Object.freeze({
  ...DEVICE_INPUT_FACTORIES,
  simulated: createSimulatedInput,
} satisfies Record<InputType, InputFactory>);

/**
 * Builds (does not start) the enabled inputs of a config with `factories` (default
 * INPUT_FACTORIES). Unknown types are a programmer error: the schema rejects them first.
 */
export function createInputs(
  configs: readonly InputConfig[],
  ctx: InputContext,
  factories: InputFactories = INPUT_FACTORIES,
): Input[] {
  return configs
    .filter((c) => c.enabled !== false)
    .map((c) => {
      const factory = Object.hasOwn(factories, c.type) ? factories[c.type] : undefined;
      if (!factory) throw new Error(`no input implementation for type "${c.type}" (input "${c.id}")`);
      return factory(c, { ...ctx, logger: ctx.logger.child({ component: 'input', input: c.id }) });
    });
}
