/** Throws (at construction) when a config of the wrong type reaches a factory: a programmer error. */
export function expectType<T extends { type: string }>(config: { type: string }, type: T['type']): T {
  if (config.type !== type) throw new Error(`input factory for "${type}" got a "${config.type}" config`);
  return config as T;
}
