/** Version reported by /healthz and --version. */
export const COLLECTOR_VERSION = '0.1.0';
