/** Version of the simulator's models: the same seed gives the same programme within one version. */
export const SIMULATOR_VERSION = '0.1.0';
