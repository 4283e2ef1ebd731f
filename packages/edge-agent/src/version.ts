/** Version reported in health readings and --version. */
export const AGENT_VERSION = '0.1.0';
