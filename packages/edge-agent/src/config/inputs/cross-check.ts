import type { InputConfig } from '../inputs.js';
import type { ConfigProblem } from '../load.js';

/**
 * Checks that need the whole `inputs:` list, which the per-input schema cannot see:
 * input ids are unique (they become reading sources), and so are the sources of
 * multi-device inputs. Returns problems in the config loader's format.
 */
export function crossCheckInputs(inputs: readonly InputConfig[], file: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  const claim = (source: string, where: string) => {
    const first = seen.get(source);
    if (first) problems.push({ file, path: where, message: `source id "${source}" is already used at ${first}` });
    else seen.set(source, where);
  };
  inputs.forEach((input, i) => {
    claim(input.id, `inputs[${i}].id`);
    if (input.type === 'modbus-rtu' || input.type === 'modbus-tcp') {
      input.devices.forEach((d, j) => {
        if (d.source) claim(d.source, `inputs[${i}].devices[${j}].source`);
      });
    }
  });
  return problems;
}
